import type { SaxesTagNS } from 'saxes';
import { GP_NS, SOAP_ENV_NS } from './gp-namespaces';
import { readFault, type SoapFaultInfo } from './soap-envelope';
import {
  asReadError,
  DOCUMENT_SCOPE,
  nodeOf,
  scopeOf,
  type XmlNode,
  XmlReadError,
  type XmlTreeNode,
  xmlParser,
} from './xml-reader';

/** What a streamed list response turned out to be. */
export type SoapStreamOutcome =
  | { readonly kind: 'payload'; readonly items: number }
  | { readonly kind: 'fault'; readonly fault: SoapFaultInfo };

/**
 * Reads a `Get<X>List` SOAP response as it arrives, without ever holding the
 * whole document: the envelope is checked on the way, and each element of
 * the `<X>Result` array (a summary) is built as a small XmlNode tree, handed
 * to `onItem` and dropped. Memory stays at one summary plus the parser's
 * buffer whatever the size of the answer (GP cannot page, so an answer can be
 * huge). A soap:Fault is small and is collected whole. DOCTYPEs are refused.
 *
 * Depths: 1 Envelope, 2 Body, 3 `<op>Response` or Fault, 4 `<op>Result`, 5 items.
 */
export class SoapListStream {
  private readonly parser = xmlParser();
  /** Elements being built (items or the fault), innermost last. */
  private readonly building: XmlTreeNode[] = [];
  /** Namespace scope per open element, for xsi:type-style QName values. */
  private readonly scopes: ReadonlyMap<string, string>[] = [DOCUMENT_SCOPE];
  private depth = 0;
  private sawBody = false;
  private payload: 'none' | 'response' | 'fault' = 'none';
  private fault: XmlTreeNode | undefined;
  private items = 0;

  constructor(
    private readonly operation: string,
    private readonly onItem: (item: XmlNode) => void,
  ) {
    this.parser.on('opentag', (tag) => this.open(tag as SaxesTagNS));
    this.parser.on('closetag', () => this.close());
    this.parser.on('text', (text) => this.text(text));
    this.parser.on('cdata', (text) => this.text(text));
  }

  /** Feeds decoded text. Throws XmlReadError for XML or SOAP structure problems. */
  write(text: string): void {
    try {
      this.parser.write(text);
    } catch (error) {
      throw asReadError(error);
    }
  }

  /** Ends the document; says whether it was a payload (and how many items) or a fault. */
  end(): SoapStreamOutcome {
    try {
      this.parser.close();
    } catch (error) {
      throw asReadError(error);
    }
    if (this.payload === 'fault' && this.fault) return { kind: 'fault', fault: readFault(this.fault) };
    if (this.payload !== 'response') throw new XmlReadError('the SOAP Body is missing or empty');
    return { kind: 'payload', items: this.items };
  }

  private open(tag: SaxesTagNS): void {
    this.depth++;
    const scope = scopeOf(tag, this.scopes[this.scopes.length - 1]!);
    this.scopes.push(scope);
    const ns = tag.uri ?? '';
    const name = tag.local ?? tag.name;
    switch (this.depth) {
      case 1:
        if (ns !== SOAP_ENV_NS || name !== 'Envelope')
          throw new XmlReadError(`expected a SOAP 1.1 Envelope, got {${ns}}${name}`);
        return;
      case 2:
        if (ns === SOAP_ENV_NS && name === 'Body') this.sawBody = true;
        return;
      case 3:
        if (!this.sawBody || this.payload !== 'none') return;
        if (ns === SOAP_ENV_NS && name === 'Fault') {
          this.payload = 'fault';
          this.fault = this.startNode(tag, scope);
          return;
        }
        if (ns !== GP_NS || name !== `${this.operation}Response`)
          throw new XmlReadError(`GP answered ${this.operation} with {${ns}}${name}`);
        this.payload = 'response';
        return;
      case 4:
        if (this.payload === 'response' && (ns !== GP_NS || name !== `${this.operation}Result`))
          throw new XmlReadError(`unexpected {${ns}}${name} in ${this.operation}Response`);
        break;
    }
    if (this.payload === 'fault' && this.depth > 3) {
      this.startNode(tag, scope);
    } else if (this.payload === 'response' && this.depth >= 5) {
      this.startNode(tag, scope);
    }
  }

  private startNode(tag: SaxesTagNS, scope: ReadonlyMap<string, string>): XmlTreeNode {
    const node = nodeOf(tag, scope);
    this.building.at(-1)?.children.push(node);
    this.building.push(node);
    return node;
  }

  private close(): void {
    const inFault = this.payload === 'fault' && this.depth >= 3;
    const inItem = this.payload === 'response' && this.depth >= 5;
    if (inFault || inItem) {
      const node = this.building.pop();
      if (inItem && this.depth === 5 && node) {
        this.items++;
        this.onItem(node);
      }
    }
    this.scopes.pop();
    this.depth--;
  }

  private text(text: string): void {
    const node = this.building.at(-1);
    if (node) node.text += text;
  }
}
