import { GP_NS } from '../../wsdl/wsdl-file';
import { childElement, childElements, isNil, type XmlElement } from '../../wsdl/xml-tree';
import { readInt32 } from './request-context';
import type { DateRestriction } from './restrictions';
import { unreadableRequest } from './soap-fault';

const DAY_MS = 86_400_000;
/** Rows per response chunk: a few hundred kB each instead of one giant string. */
const ROWS_PER_CHUNK = 200;

/** Looks up members of a request's `criteria` (absent or nil criteria: no member). */
export function criteriaOf(payload: XmlElement): (name: string) => XmlElement | undefined {
  const criteria = childElement(payload, GP_NS, 'criteria');
  return (name) =>
    criteria === undefined || isNil(criteria) ? undefined : childElement(criteria, GP_NS, name);
}

/**
 * The rows a list query has to look at: an index range when ModifiedDate is
 * bounded, else a full scan. MODIFDT is the date of DEX_ROW_TS, never later,
 * so a DEX_ROW_TS range widened by a day at the top covers both
 * ModifiedDate sources.
 */
export function candidateRows<R>(
  modified: DateRestriction | undefined,
  byModified: (fromMs: number, toMs: number) => Iterable<R>,
  all: () => Iterable<R>,
): Iterable<R> {
  return modified !== undefined &&
    (Number.isFinite(modified.lowerBoundMs) || Number.isFinite(modified.upperBoundMs))
    ? byModified(modified.lowerBoundMs, modified.upperBoundMs + DAY_MS)
    : all();
}

/**
 * A `Get<X>ListResponse` in chunks of a few hundred rows; an empty result is
 * an empty array element, as XmlSerializer writes it.
 */
export function listResponse<R>(
  operation: string,
  itemName: string,
  rows: readonly R[],
  render: (row: R) => string,
): string | string[] {
  const result = `${operation}Result`;
  if (rows.length === 0) {
    return `<${operation}Response xmlns="${GP_NS}"><${result} /></${operation}Response>`;
  }
  const chunks = [`<${operation}Response xmlns="${GP_NS}"><${result}>`];
  for (let at = 0; at < rows.length; at += ROWS_PER_CHUNK) {
    let chunk = '';
    for (const row of rows.slice(at, at + ROWS_PER_CHUNK))
      chunk += `<${itemName}>${render(row)}</${itemName}>`;
    chunks.push(chunk);
  }
  chunks.push(`</${result}></${operation}Response>`);
  return chunks;
}

/** VendorScope of PurchaseOrderCriteria and VendorCriteria. */
export const VendorScope = { all: 'Return All', byVendorId: 'Return Based on Vendor Id' } as const;
export type VendorScope = (typeof VendorScope)[keyof typeof VendorScope];

/**
 * The required `Scope` member. The schema makes it minOccurs="1"
 * (gp-api.md §4.4), so a request without it is refused like any other
 * missing required member, rather than quietly defaulted.
 */
export function readScope(member: XmlElement | undefined, criteriaType: string): VendorScope {
  if (member === undefined || isNil(member)) {
    throw unreadableRequest(`The required element Scope of ${criteriaType} is missing.`);
  }
  const text = member.text.trim();
  if (text !== VendorScope.all && text !== VendorScope.byVendorId) {
    throw unreadableRequest(`Instance validation error: '${text}' is not a valid value for VendorScope.`);
  }
  return text;
}

/** RestrictionOfNullableOfBoolean: EqualValue / NotEqualValue. */
export function readBooleanRestriction(
  element: XmlElement | undefined,
): ((value: boolean) => boolean) | undefined {
  if (element === undefined || isNil(element)) return undefined;
  const value = (name: string) => {
    const member = childElement(element, GP_NS, name);
    if (member === undefined || isNil(member)) return undefined;
    const text = member.text.trim();
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
    throw unreadableRequest(`The string '${text}' is not a valid Boolean value.`);
  };
  const equal = value('EqualValue');
  const notEqual = value('NotEqualValue');
  return (actual) =>
    (equal === undefined || actual === equal) && (notEqual === undefined || actual !== notEqual);
}

/** BetweenRestrictionOfNullableOfInt32 (and its bases). */
export function readIntRestriction(
  element: XmlElement | undefined,
): ((value: number) => boolean) | undefined {
  if (element === undefined || isNil(element)) return undefined;
  const value = (name: string) => {
    const member = childElement(element, GP_NS, name);
    return member === undefined || isNil(member) ? undefined : readInt32(member.text);
  };
  const equal = value('EqualValue');
  const notEqual = value('NotEqualValue');
  const from = value('From');
  const to = value('To');
  const greaterThan = value('GreaterThan');
  const lessThan = value('LessThan');
  const itemsElement = childElement(element, GP_NS, 'Items');
  const items =
    itemsElement === undefined || isNil(itemsElement)
      ? undefined
      : childElements(itemsElement, GP_NS, 'int')
          .filter((item) => !isNil(item))
          .map((item) => readInt32(item.text));
  return (actual) =>
    (equal === undefined || actual === equal) &&
    (notEqual === undefined || actual !== notEqual) &&
    (from === undefined || actual >= from) &&
    (to === undefined || actual <= to) &&
    (greaterThan === undefined || actual > greaterThan) &&
    (lessThan === undefined || actual < lessThan) &&
    (items === undefined || items.includes(actual));
}

/** Reads the `key` of a GetByKey request; a missing one is a system exception like GP's. */
export function requestKey(payload: XmlElement): XmlElement | undefined {
  const key = childElement(payload, GP_NS, 'key');
  return key === undefined || isNil(key) ? undefined : key;
}

/** The text of a GP-namespace member of a key, trimmed; undefined when absent, nil or blank. */
export function keyMember(key: XmlElement | undefined, name: string): string | undefined {
  const member = key && childElement(key, GP_NS, name);
  if (member === undefined || isNil(member) || member.text.trim() === '') return undefined;
  return member.text;
}
