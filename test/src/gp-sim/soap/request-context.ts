import { DYNAMICS_NS, GP_NS } from '../../wsdl/wsdl-file';
import { childElement, isNil, type XmlElement, xsiType } from '../../wsdl/xml-tree';
import type { CompanyDatabase } from '../model/company-database';
import { type ExceptionLog, unreadableRequest } from './soap-fault';

export const CurrencyType = { transactional: 'Transactional', local: 'Local' } as const;
export type CurrencyType = (typeof CurrencyType)[keyof typeof CurrencyType];

/** The `Context` of a call (gp-api.md §4.3), resolved against the simulator's companies. */
export interface RequestContext {
  readonly company: CompanyDatabase | null;
  readonly currencyType: CurrencyType;
  readonly cultureName: string | undefined;
}

/**
 * Reads `context` the way GP would see it after XmlSerializer: members in
 * another namespace are not members (ignored), the abstract OrganizationKey
 * needs `xsi:type="CompanyKey"`, and a bad int or enum text is a client fault.
 * A missing CurrencyType is refused: the legacy schema makes it required
 * (research §4.3/§7), although XmlSerializer alone would default it [I].
 */
export function readContext(
  payload: XmlElement,
  operation: string,
  companies: ReadonlyMap<number, CompanyDatabase>,
  log: ExceptionLog,
  needsCompany: boolean,
): RequestContext {
  const context = childElement(payload, GP_NS, 'context');
  if (context === undefined || isNil(context)) {
    throw log.systemException(operation, 'The Context parameter is required.');
  }
  const currencyElement = childElement(context, DYNAMICS_NS, 'CurrencyType');
  if (currencyElement === undefined) {
    throw unreadableRequest('The required element CurrencyType of Context is missing.');
  }
  const currencyType = currencyElement.text.trim();
  if (currencyType !== CurrencyType.transactional && currencyType !== CurrencyType.local) {
    throw unreadableRequest(
      `Instance validation error: '${currencyType}' is not a valid value for CurrencyType.`,
    );
  }
  const companyId = readCompanyId(context);
  const cultureName = childElement(context, DYNAMICS_NS, 'CultureName')?.text;
  if (companyId === null) {
    if (needsCompany) {
      throw log.systemException(operation, 'Context.OrganizationKey is null: the operation needs a company.');
    }
    return { company: null, currencyType, cultureName };
  }
  const company = companies.get(companyId);
  if (company === undefined) {
    throw log.systemException(
      operation,
      `Company ${companyId} does not exist or the user has no access to it.`,
    );
  }
  return { company, currencyType, cultureName };
}

function readCompanyId(context: XmlElement): number | null {
  const key = childElement(context, DYNAMICS_NS, 'OrganizationKey');
  if (key === undefined || isNil(key)) return null;
  const type = xsiType(key);
  const at = `at <OrganizationKey xmlns='${DYNAMICS_NS}'>.`;
  if (type === undefined) {
    throw unreadableRequest(
      `The specified type is abstract: name='OrganizationKey', namespace='${DYNAMICS_NS}', ${at}`,
    );
  }
  if (type.ns !== DYNAMICS_NS || type.name !== 'CompanyKey') {
    throw unreadableRequest(
      `The specified type was not recognized: name='${type.name}', namespace='${type.ns}', ${at}`,
    );
  }
  const id = childElement(key, DYNAMICS_NS, 'Id');
  // XmlSerializer leaves a missing int member at 0.
  if (id === undefined) return 0;
  return readInt32(id.text);
}

export function readInt32(text: string): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^[+-]?\d+$/.test(trimmed) || value < -2_147_483_648 || value > 2_147_483_647) {
    throw unreadableRequest('Input string was not in a correct format.');
  }
  return value;
}
