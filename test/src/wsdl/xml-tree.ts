import { XMLParser } from 'fast-xml-parser';

/**
 * A namespace-resolved, read-only XML element. The simulator and the schema
 * checks read SOAP by namespace URI + local name, never by prefix, because
 * clients pick their own prefixes (`soap:`, `s:`, `SOAP-ENV:`, none).
 */
export interface XmlElement {
  /** Namespace URI; '' when the element is in no namespace. */
  readonly ns: string;
  readonly name: string;
  /** The name as written, prefix included; for error messages. */
  readonly qname: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  /** Character data of the direct children, entities decoded, CDATA kept verbatim. */
  readonly text: string;
  /** The namespace bound to `prefix` ('' = default namespace) where this element sits. */
  resolvePrefix(prefix: string): string | undefined;
}

export interface XmlAttribute {
  readonly ns: string;
  readonly name: string;
  readonly qname: string;
  readonly value: string;
}

export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded below so that an unknown entity is an error and CDATA stays verbatim.
  processEntities: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type RawNode = Record<string, unknown>;

/**
 * Parses a whole document into its root element. Throws XmlSyntaxError on
 * anything that is not namespace-well-formed XML, and on any DOCTYPE: SOAP 1.1
 * forbids a DTD in a message and it is the door to entity-expansion attacks.
 */
export function parseXml(xml: string): XmlElement {
  const source = xml.replace(/\r\n?/g, '\n');
  assertNoDoctype(source);
  let nodes: RawNode[];
  try {
    nodes = parser.parse(source, true) as RawNode[];
  } catch (error) {
    throw new XmlSyntaxError(`not well-formed XML: ${(error as Error).message}`);
  }
  const roots = nodes.filter((node) => elementName(node) !== null);
  const strayText = nodes.some((node) => typeof node['#text'] === 'string' && node['#text'].trim() !== '');
  if (roots.length !== 1 || strayText) {
    throw new XmlSyntaxError(`a document needs exactly one root element, found ${roots.length}`);
  }
  return buildElement(roots[0]!, new Map([['xml', XML_NS]]));
}

function assertNoDoctype(xml: string): void {
  let at = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (at < xml.length && /\s/.test(xml[at]!)) at++;
    if (xml.startsWith('<?', at)) at = skipPast(xml, at, '?>');
    else if (xml.startsWith('<!--', at)) at = skipPast(xml, at, '-->');
    else break;
  }
  if (xml.startsWith('<!DOCTYPE', at)) throw new XmlSyntaxError('a DOCTYPE is not allowed in a SOAP message');
}

function skipPast(xml: string, from: number, end: string): number {
  const found = xml.indexOf(end, from);
  if (found < 0) throw new XmlSyntaxError(`unterminated markup: no '${end}'`);
  return found + end.length;
}

function elementName(node: RawNode): string | null {
  for (const key of Object.keys(node)) {
    if (key !== ':@' && key !== '#text' && key !== '#cdata' && key !== '#comment') return key;
  }
  return null;
}

function buildElement(node: RawNode, parentScope: ReadonlyMap<string, string>): XmlElement {
  const qname = elementName(node)!;
  const rawAttributes = (node[':@'] ?? {}) as Record<string, string>;
  let scope = parentScope;
  for (const [name, value] of Object.entries(rawAttributes)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), decodeEntities(value, true));
    }
  }
  const { prefix, local } = splitQName(qname);
  const ns = resolve(scope, prefix, qname, true);
  const attributes: XmlAttribute[] = [];
  for (const [name, value] of Object.entries(rawAttributes)) {
    const split = splitQName(name);
    if (name === 'xmlns' || split.prefix === 'xmlns') {
      attributes.push({ ns: XMLNS_NS, name: split.local, qname: name, value: decodeEntities(value, true) });
      continue;
    }
    const attrNs = split.prefix === '' ? '' : resolve(scope, split.prefix, name, false);
    attributes.push({ ns: attrNs, name: split.local, qname: name, value: decodeEntities(value, true) });
  }
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[qname] ?? []) as RawNode[]) {
    if (typeof child['#text'] === 'string') text += decodeEntities(child['#text'], false);
    else if (Array.isArray(child['#cdata'])) {
      for (const part of child['#cdata'] as RawNode[]) text += String(part['#text'] ?? '');
    } else if (elementName(child) !== null) children.push(buildElement(child, scope));
  }
  const finalScope = scope;
  return {
    ns,
    name: local,
    qname,
    attributes,
    children,
    text,
    resolvePrefix: (p: string) => finalScope.get(p),
  };
}

function splitQName(qname: string): { prefix: string; local: string } {
  const colon = qname.indexOf(':');
  if (colon < 0) return { prefix: '', local: qname };
  if (colon === 0 || colon === qname.length - 1 || qname.indexOf(':', colon + 1) >= 0) {
    throw new XmlSyntaxError(`'${qname}' is not a valid qualified name`);
  }
  return { prefix: qname.slice(0, colon), local: qname.slice(colon + 1) };
}

function resolve(
  scope: ReadonlyMap<string, string>,
  prefix: string,
  qname: string,
  isElement: boolean,
): string {
  const uri = scope.get(prefix);
  if (uri === undefined) {
    if (prefix === '' && isElement) return '';
    throw new XmlSyntaxError(`namespace prefix '${prefix}' of '${qname}' is not declared`);
  }
  return uri;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*)?(;)?/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(raw: string, isAttribute: boolean): string {
  const normalized = isAttribute ? raw.replace(/[\t\n]/g, ' ') : raw;
  if (!normalized.includes('&')) return normalized;
  return normalized.replace(ENTITY, (match, body: string | undefined, semicolon: string | undefined) => {
    if (body === undefined || semicolon === undefined) throw new XmlSyntaxError(`bare '&' in character data`);
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      const legal =
        code === 0x9 ||
        code === 0xa ||
        code === 0xd ||
        (code >= 0x20 && code <= 0xd7ff) ||
        (code >= 0xe000 && code <= 0xfffd) ||
        (code >= 0x10000 && code <= 0x10ffff);
      if (!legal) throw new XmlSyntaxError(`character reference ${match} is not a legal XML character`);
      return String.fromCodePoint(code);
    }
    const named = NAMED[body];
    if (named === undefined) throw new XmlSyntaxError(`undefined entity ${match}`);
    return named;
  });
}

/** The first child element with this namespace and local name. */
export function childElement(element: XmlElement, ns: string, name: string): XmlElement | undefined {
  return element.children.find((child) => child.ns === ns && child.name === name);
}

export function childElements(element: XmlElement, ns: string, name: string): XmlElement[] {
  return element.children.filter((child) => child.ns === ns && child.name === name);
}

export function attributeValue(element: XmlElement, ns: string, name: string): string | undefined {
  return element.attributes.find((attribute) => attribute.ns === ns && attribute.name === name)?.value;
}

/** True for `xsi:nil="true"` (or "1"), the XmlSerializer spelling of a null nillable element. */
export function isNil(element: XmlElement): boolean {
  const nil = attributeValue(element, XSI_NS, 'nil')?.trim();
  return nil === 'true' || nil === '1';
}

/** The resolved `xsi:type` of an element, or undefined when it has none. */
export function xsiType(element: XmlElement): { ns: string; name: string } | undefined {
  const raw = attributeValue(element, XSI_NS, 'type')?.trim();
  if (raw === undefined) return undefined;
  const colon = raw.indexOf(':');
  const prefix = colon < 0 ? '' : raw.slice(0, colon);
  const ns = element.resolvePrefix(prefix);
  if (ns === undefined) throw new XmlSyntaxError(`xsi:type '${raw}' uses an undeclared prefix`);
  return { ns, name: colon < 0 ? raw : raw.slice(colon + 1) };
}
