import { SaxesParser, type SaxesTagNS } from 'saxes';

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

/** A node of a parsed tree; the list stream builds the same nodes. */
export class XmlTreeNode implements XmlNode {
  readonly children: XmlNode[] = [];
  text = '';

  constructor(
    readonly ns: string,
    readonly name: string,
    readonly attributes: readonly XmlAttribute[],
    /** Prefix → namespace URI in force at this element (QName values such as xsi:type need it). */
    readonly scope: ReadonlyMap<string, string>,
  ) {}

  resolvePrefix(prefix: string): string | undefined {
    return this.scope.get(prefix);
  }
}

interface XmlAttribute {
  readonly ns: string;
  readonly name: string;
  readonly value: string;
}

/** The scope an element starts with: `xml` bound, as the Namespaces spec says. */
export const DOCUMENT_SCOPE: ReadonlyMap<string, string> = new Map([['xml', XML_NS]]);

/**
 * A namespace-aware parser that refuses any DOCTYPE (never expanded: entity bombs). saxes checks
 * well-formedness and namespaces, decodes references and normalises line ends and attribute values.
 */
export function xmlParser(): SaxesParser {
  const parser = new SaxesParser({ xmlns: true, position: false });
  parser.on('doctype', () => {
    throw new XmlReadError('a DOCTYPE is not accepted in a SOAP message');
  });
  return parser;
}

/** The scope inside `tag`: the parent's, plus what the tag declares. */
export function scopeOf(tag: SaxesTagNS, parent: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const declared = Object.entries(tag.ns ?? {});
  if (declared.length === 0) return parent;
  const scope = new Map(parent);
  for (const [prefix, uri] of declared) scope.set(prefix, uri);
  return scope;
}

/** A tree node for `tag`, without its namespace declarations among the attributes. */
export function nodeOf(tag: SaxesTagNS, scope: ReadonlyMap<string, string>): XmlTreeNode {
  const attributes: XmlAttribute[] = [];
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.prefix === 'xmlns' || (attribute.prefix === '' && attribute.local === 'xmlns')) continue;
    attributes.push({ ns: attribute.uri, name: attribute.local, value: attribute.value });
  }
  return new XmlTreeNode(tag.uri ?? '', tag.local ?? tag.name, attributes, scope);
}

export function asReadError(error: unknown): XmlReadError {
  if (error instanceof XmlReadError) return error;
  return new XmlReadError(`not well-formed XML: ${(error as Error).message}`);
}

/**
 * Parses a whole document (a by-key answer, a fault). Throws XmlReadError for anything that is not
 * namespace-well-formed XML and for any DOCTYPE.
 */
export function readXml(xml: string): XmlNode {
  const parser = xmlParser();
  const open: XmlTreeNode[] = [];
  let root: XmlTreeNode | undefined;
  parser.on('opentag', (tag) => {
    const parent = open.at(-1);
    const node = nodeOf(tag as SaxesTagNS, scopeOf(tag as SaxesTagNS, parent?.scope ?? DOCUMENT_SCOPE));
    parent?.children.push(node);
    root ??= node;
    open.push(node);
  });
  parser.on('closetag', () => open.pop());
  const text = (data: string) => {
    const node = open.at(-1);
    if (node) node.text += data;
  };
  parser.on('text', text);
  parser.on('cdata', text);
  try {
    parser.write(xml).close();
  } catch (error) {
    throw asReadError(error);
  }
  if (!root) throw new XmlReadError('expected one root element, found none');
  return root;
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
