import { DYNAMICS_NS, GP_NS } from '../../wsdl/wsdl-file';
import { childElement, isNil, type XmlElement } from '../../wsdl/xml-tree';
import { formatGpDateTime } from './gp-datetime';
import { readIntRestriction } from './list-criteria';
import type { OperationEnv } from './operation-env';
import { readContext } from './request-context';
import { readStringRestriction } from './restrictions';
import { element, nilElement, textElement } from './xml-writer';

/**
 * GetCompanyList: the companies the simulator hosts, filtered by
 * CompanyCriteria.Id (EqualValue/From/To/Items) and Name. Works with a null
 * OrganizationKey (system database), the way clients discover company ids.
 */
export function getCompanyList(payload: XmlElement, env: OperationEnv): string {
  readContext(payload, 'GetCompanyList', env.companies, env.log, false);
  const criteria = childElement(payload, GP_NS, 'criteria');
  const member = (name: string) =>
    criteria === undefined || isNil(criteria) ? undefined : childElement(criteria, GP_NS, name);
  const idTest = readIntRestriction(member('Id'));
  const nameTest = readStringRestriction(member('Name'));
  const created = formatGpDateTime(Date.UTC(2017, 0, 1));
  const companies = [...env.companies.values()]
    .map((database) => database.company)
    .filter(
      (company) =>
        (idTest === undefined || idTest(company.id)) && (nameTest === undefined || nameTest(company.name)),
    )
    .sort((a, b) => a.id - b.id)
    .map(
      (company) =>
        `<Company>${element('Key', `<Id xmlns="${DYNAMICS_NS}">${company.id}</Id>`)}${textElement('Name', company.name)}` +
        `${element('ModifiedDate', created)}${element('CreatedDate', created)}${nilElement('WitholdingTaxRate')}` +
        `${element('IsValueAddedTaxReturnEnabled', 'false')}${nilElement('Options')}${element('IsWorkflowEnabled', 'false')}</Company>`,
    );
  const result =
    companies.length === 0 ? '<GetCompanyListResult />' : element('GetCompanyListResult', companies.join(''));
  return `<GetCompanyListResponse xmlns="${GP_NS}">${result}</GetCompanyListResponse>`;
}
