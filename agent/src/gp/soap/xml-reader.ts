import { XMLParser } from 'fast-xml-parser';

/**
 * A namespace-resolved XML element. Responses are read by namespace URI and
 * local name only: GP, proxies and other SOAP stacks pick their own prefixes.
 */
export interface XmlNode {
  /** Namespace URI, '' for none. */
  readonly ns: string;
  readonly name: string;
  readonly attributes: readonly { readonly ns: string; readonly name: string; readonly value: string }[];
  readonly children: readonly XmlNode[];
  /** Character data of the direct children, entities decoded. */
  readonly text: string;
  resolvePrefix(prefix: string): string | undefined;
}

export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export class XmlReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlReadError';
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type RawNode = Record<string, unknown>;

/**
 * Parses a whole document. Throws XmlReadError for anything that is not
 * namespace-well-formed XML and for any DOCTYPE (never expanded: entity bombs).
 */
export function readXml(xml: string): XmlNode {
  const source = xml.replace(/\r\n?/g, '\n');
  rejectDoctype(source);
  let nodes: RawNode[];
  try {
    nodes = parser.parse(source, true) as RawNode[];
  } catch (error) {
    throw new XmlReadError(`not well-formed XML: ${(error as Error).message}`);
  }
  const roots = nodes.filter((node) => tagOf(node) !== null);
  if (roots.length !== 1) throw new XmlReadError(`expected one root element, found ${roots.length}`);
  return build(roots[0]!, new Map([['xml', XML_NS]]));
}

function rejectDoctype(xml: string): void {
  let at = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (at < xml.length && /\s/.test(xml[at]!)) at++;
    const end = xml.startsWith('<?', at) ? '?>' : xml.startsWith('<!--', at) ? '-->' : null;
    if (end === null) break;
    const found = xml.indexOf(end, at);
    if (found < 0) throw new XmlReadError('unterminated markup in the prolog');
    at = found + end.length;
  }
  if (xml.startsWith('<!DOCTYPE', at)) throw new XmlReadError('a DOCTYPE is not accepted in a SOAP message');
}

function tagOf(node: RawNode): string | null {
  for (const key of Object.keys(node)) {
    if (key !== ':@' && key !== '#text' && key !== '#cdata' && key !== '#comment') return key;
  }
  return null;
}

const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);
const NO_CHILDREN: readonly XmlNode[] = Object.freeze([]);

interface XmlAttribute {
  readonly ns: string;
  readonly name: string;
  readonly value: string;
}

/** A class, not object literals with closures: a 30,000-summary answer has millions of nodes. */
class Node implements XmlNode {
  constructor(
    readonly ns: string,
    readonly name: string,
    readonly attributes: readonly XmlAttribute[],
    readonly children: readonly XmlNode[],
    readonly text: string,
    private readonly scope: ReadonlyMap<string, string>,
  ) {}

  resolvePrefix(prefix: string): string | undefined {
    return this.scope.get(prefix);
  }
}

function build(node: RawNode, parentScope: ReadonlyMap<string, string>): XmlNode {
  const qname = tagOf(node)!;
  const rawAttributes = node[':@'] as Record<string, string> | undefined;
  let scope = parentScope;
  let attributes: XmlAttribute[] | undefined;
  if (rawAttributes !== undefined) {
    for (const [name, value] of Object.entries(rawAttributes)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === parentScope) scope = new Map(parentScope);
        (scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), decode(value, true));
      }
    }
    for (const [name, value] of Object.entries(rawAttributes)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      const attribute = split(name);
      const attributeNs = attribute.prefix === '' ? '' : lookup(scope, attribute.prefix, name);
      attributes ??= [];
      attributes.push({ ns: attributeNs, name: attribute.local, value: decode(value, true) });
    }
  }
  const element = split(qname);
  const ns = element.prefix === '' ? (scope.get('') ?? '') : lookup(scope, element.prefix, qname);
  let children: XmlNode[] | undefined;
  let text = '';
  for (const child of (node[qname] ?? []) as RawNode[]) {
    if (typeof child['#text'] === 'string') text += decode(child['#text'], false);
    else if (Array.isArray(child['#cdata'])) {
      for (const part of child['#cdata'] as RawNode[]) text += String(part['#text'] ?? '');
    } else if (tagOf(child) !== null) {
      children ??= [];
      children.push(build(child, scope));
    }
  }
  return new Node(ns, element.local, attributes ?? NO_ATTRIBUTES, children ?? NO_CHILDREN, text, scope);
}

function split(qname: string): { prefix: string; local: string } {
  const colon = qname.indexOf(':');
  if (colon < 0) return { prefix: '', local: qname };
  if (colon === 0 || colon === qname.length - 1 || qname.includes(':', colon + 1)) {
    throw new XmlReadError(`'${qname}' is not a valid qualified name`);
  }
  return { prefix: qname.slice(0, colon), local: qname.slice(colon + 1) };
}

function lookup(scope: ReadonlyMap<string, string>, prefix: string, qname: string): string {
  const uri = scope.get(prefix);
  if (uri === undefined) throw new XmlReadError(`namespace prefix '${prefix}' of '${qname}' is not declared`);
  return uri;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*)?(;)?/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, isAttribute: boolean): string {
  const normalized = isAttribute ? raw.replace(/[\t\n]/g, ' ') : raw;
  if (!normalized.includes('&')) return normalized;
  return normalized.replace(ENTITY, (match, body: string | undefined, semicolon: string | undefined) => {
    if (body === undefined || semicolon === undefined) throw new XmlReadError("bare '&' in character data");
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      const legal =
        code === 0x9 ||
        code === 0xa ||
        code === 0xd ||
        (code >= 0x20 && code <= 0xd7ff) ||
        (code >= 0xe000 && code <= 0xfffd) ||
        (code >= 0x10000 && code <= 0x10ffff);
      if (!legal) throw new XmlReadError(`character reference ${match} is not a legal XML character`);
      return String.fromCodePoint(code);
    }
    const named = NAMED[body];
    if (named === undefined) throw new XmlReadError(`undefined entity ${match}`);
    return named;
  });
}

export function child(node: XmlNode, ns: string, name: string): XmlNode | undefined {
  return node.children.find((candidate) => candidate.ns === ns && candidate.name === name);
}

export function children(node: XmlNode, ns: string, name: string): XmlNode[] {
  return node.children.filter((candidate) => candidate.ns === ns && candidate.name === name);
}

/** True for `xsi:nil="true"`: a null value of a nillable element. */
export function isNil(node: XmlNode): boolean {
  const nil = node.attributes
    .find((attribute) => attribute.ns === XSI_NS && attribute.name === 'nil')
    ?.value.trim();
  return nil === 'true' || nil === '1';
}

/** Depth-first search for the first descendant with this local name, in any namespace. */
export function findDescendant(node: XmlNode, name: string): XmlNode | undefined {
  for (const candidate of node.children) {
    if (candidate.name === name) return candidate;
    const found = findDescendant(candidate, name);
    if (found) return found;
  }
  return undefined;
}
