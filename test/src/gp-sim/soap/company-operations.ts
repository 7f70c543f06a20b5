import { DYNAMICS_NS, GP_NS } from '../../wsdl/wsdl-file';
import { childElement, isNil, type XmlElement } from '../../wsdl/xml-tree';
import { formatGpDateTime } from './gp-datetime';
import type { OperationEnv } from './operation-env';
import { readContext, readInt32 } from './request-context';
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

function readIntRestriction(restriction: XmlElement | undefined): ((value: number) => boolean) | undefined {
  if (restriction === undefined || isNil(restriction)) return undefined;
  const value = (name: string) => {
    const child = childElement(restriction, GP_NS, name);
    return child === undefined || isNil(child) ? undefined : readInt32(child.text);
  };
  const equal = value('EqualValue');
  const notEqual = value('NotEqualValue');
  const from = value('From');
  const to = value('To');
  const greaterThan = value('GreaterThan');
  const lessThan = value('LessThan');
  const itemsElement = childElement(restriction, GP_NS, 'Items');
  const items = itemsElement?.children
    .filter((item) => item.ns === GP_NS && item.name === 'int' && !isNil(item))
    .map((item) => readInt32(item.text));
  return (id) =>
    (equal === undefined || id === equal) &&
    (notEqual === undefined || id !== notEqual) &&
    (from === undefined || id >= from) &&
    (to === undefined || id <= to) &&
    (greaterThan === undefined || id > greaterThan) &&
    (lessThan === undefined || id < lessThan) &&
    (items === undefined || items.includes(id));
}
