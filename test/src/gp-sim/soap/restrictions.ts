import { GP_NS } from '../../wsdl/wsdl-file';
import { childElement, childElements, isNil, type XmlElement } from '../../wsdl/xml-tree';
import { roundToSqlDatetime, sqlKey } from '../model/sql-types';
import { parseXsDateTime, XsDateTimeError } from './gp-datetime';
import { unreadableRequest } from './soap-fault';

/**
 * GP restriction objects (gp-api.md §4.4) as predicates. Every member that is
 * set narrows the result (AND); nil or absent members do not count. Members
 * are read by name in any order, as XmlSerializer does; a member in the
 * wrong namespace is unknown and ignored, exactly the silent failure a
 * client with a namespace bug would meet on a real server.
 */
export interface DateRestriction {
  test(epochMs: number): boolean;
  /** The smallest time that can match; for an index range. */
  readonly lowerBoundMs: number;
  readonly upperBoundMs: number;
}

/** BetweenRestrictionOfNullableOfDateTime. Values go through SQL `datetime` rounding, as a SqlParameter would. */
export function readDateRestriction(
  element: XmlElement | undefined,
  serverUtcOffsetMinutes: number,
): DateRestriction | undefined {
  if (element === undefined || isNil(element)) return undefined;
  const value = (name: string) => {
    const member = childElement(element, GP_NS, name);
    return member === undefined || isNil(member)
      ? undefined
      : sqlDatetime(member.text, serverUtcOffsetMinutes);
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
      : new Set(
          childElements(itemsElement, GP_NS, 'dateTime')
            .filter((item) => !isNil(item))
            .map((item) => sqlDatetime(item.text, serverUtcOffsetMinutes)),
        );
  const lowers = [equal, from, greaterThan, items && items.size > 0 ? Math.min(...items) : undefined];
  const uppers = [equal, to, lessThan, items && items.size > 0 ? Math.max(...items) : undefined];
  return {
    lowerBoundMs: Math.max(Number.NEGATIVE_INFINITY, ...lowers.filter((v): v is number => v !== undefined)),
    upperBoundMs: Math.min(Number.POSITIVE_INFINITY, ...uppers.filter((v): v is number => v !== undefined)),
    test: (ms) =>
      (equal === undefined || ms === equal) &&
      (notEqual === undefined || ms !== notEqual) &&
      (from === undefined || ms >= from) &&
      (to === undefined || ms <= to) &&
      (greaterThan === undefined || ms > greaterThan) &&
      (lessThan === undefined || ms < lessThan) &&
      (items === undefined || items.has(ms)),
  };
}

function sqlDatetime(text: string, serverUtcOffsetMinutes: number): number {
  try {
    return roundToSqlDatetime(parseXsDateTime(text, serverUtcOffsetMinutes));
  } catch (error) {
    if (error instanceof XsDateTimeError) throw unreadableRequest(error.message);
    throw error;
  }
}

/**
 * LikeRestrictionOfString (and its bases). Comparison follows the CI
 * collation of GP databases: letter case and trailing blanks do not count.
 */
export function readStringRestriction(
  element: XmlElement | undefined,
): ((value: string) => boolean) | undefined {
  if (element === undefined || isNil(element)) return undefined;
  const value = (name: string) => {
    const member = childElement(element, GP_NS, name);
    return member === undefined || isNil(member) ? undefined : sqlKey(member.text);
  };
  const equal = value('EqualValue');
  const notEqual = value('NotEqualValue');
  const from = value('From');
  const to = value('To');
  const greaterThan = value('GreaterThan');
  const lessThan = value('LessThan');
  const likeMember = childElement(element, GP_NS, 'Like');
  const like = likeMember === undefined || isNil(likeMember) ? undefined : likeToRegExp(likeMember.text);
  const itemsElement = childElement(element, GP_NS, 'Items');
  const items =
    itemsElement === undefined || isNil(itemsElement)
      ? undefined
      : new Set(childElements(itemsElement, GP_NS, 'string').map((item) => sqlKey(item.text)));
  return (raw) => {
    const key = sqlKey(raw);
    return (
      (equal === undefined || key === equal) &&
      (notEqual === undefined || key !== notEqual) &&
      (from === undefined || key >= from) &&
      (to === undefined || key <= to) &&
      (greaterThan === undefined || key > greaterThan) &&
      (lessThan === undefined || key < lessThan) &&
      (items === undefined || items.has(key)) &&
      (like === undefined || like.test(raw.replace(/ +$/, '')))
    );
  };
}

/** SQL LIKE: `%` any run, `_` one character, `[...]` a class; case-insensitive. */
export function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) {
        source += '\\[';
        continue;
      }
      const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
      source += `[${body}]`;
      i = end;
    } else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

/** ListRestrictionOfNullableOf<Enum>: EqualValue, NotEqualValue, Items. */
export function readEnumRestriction(
  element: XmlElement | undefined,
  itemName: string,
  allowed: readonly string[],
): ((value: string) => boolean) | undefined {
  if (element === undefined || isNil(element)) return undefined;
  const parse = (member: XmlElement | undefined) => {
    if (member === undefined || isNil(member)) return undefined;
    const text = member.text.trim();
    if (!allowed.includes(text)) {
      throw unreadableRequest(`Instance validation error: '${text}' is not a valid value for ${itemName}.`);
    }
    return text;
  };
  const equal = parse(childElement(element, GP_NS, 'EqualValue'));
  const notEqual = parse(childElement(element, GP_NS, 'NotEqualValue'));
  const itemsElement = childElement(element, GP_NS, 'Items');
  const items =
    itemsElement === undefined || isNil(itemsElement)
      ? undefined
      : new Set(childElements(itemsElement, GP_NS, itemName).map((item) => parse(item)));
  return (value) =>
    (equal === undefined || value === equal) &&
    (notEqual === undefined || value !== notEqual) &&
    (items === undefined || items.has(value));
}
