import { SOAP_ENVELOPE_XSD } from './soap-envelope-xsd';
import { SOAP_ENV_NS } from './wsdl-file';

/** A file for xmllint's in-memory file system. */
export interface XsdFile {
  readonly fileName: string;
  readonly contents: string;
}

export interface ExtractedSchemas {
  /** Every schema file, the root first (xmllint takes the root as `--schema`, the rest as preloads). */
  readonly files: readonly XsdFile[];
  /** Target namespaces of the inline schemas, in WSDL order. */
  readonly namespaces: readonly string[];
}

const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
const ROOT_FILE = 'gp-root.xsd';
const ENVELOPE_FILE = 'soap-envelope.xsd';

/**
 * Turns the inline `xs:schema` elements of a WSDL into standalone XSD files
 * libxml2 can load together:
 * - a schema may use prefixes declared only on `wsdl:definitions` (the GP
 *   schema relies on `tns` from there), so those declarations are copied onto
 *   each `xs:schema` start tag that does not declare them itself;
 * - `xs:import namespace="…"` without a location gets `schemaLocation` pointing
 *   at the file that holds that namespace;
 * - a root schema imports the SOAP 1.1 envelope schema and every extracted one.
 * Text is cut, never reformatted, so xmllint line numbers match the WSDL's
 * schema text (offset by the schema's start line).
 */
export function extractWsdlSchemas(wsdlText: string): ExtractedSchemas {
  const rootTag = /<([\w.-]+:)?definitions\b[^>]*>/.exec(wsdlText)?.[0];
  if (rootTag === undefined) throw new Error('WSDL has no definitions element');
  const rootDeclarations = [...rootTag.matchAll(/\sxmlns:([\w.-]+)="([^"]*)"/g)].map((m) => ({
    prefix: m[1]!,
    uri: m[2]!,
  }));

  const blocks: { namespace: string; text: string }[] = [];
  for (const match of wsdlText.matchAll(/<([\w.-]+):schema\b[\s\S]*?<\/\1:schema>/g)) {
    const text = match[0];
    const startTag = text.slice(0, text.indexOf('>') + 1);
    const namespace = /\stargetNamespace="([^"]*)"/.exec(startTag)?.[1];
    if (namespace === undefined) throw new Error('an inline schema has no targetNamespace');
    if (blocks.some((block) => block.namespace === namespace)) {
      throw new Error(`two inline schemas share the target namespace ${namespace}`);
    }
    blocks.push({ namespace, text });
  }
  if (blocks.length === 0) throw new Error('WSDL has no inline xs:schema');

  const fileOf = new Map(blocks.map((block, index) => [block.namespace, `wsdl-schema-${index}.xsd`]));
  const files: XsdFile[] = blocks.map((block) => ({
    fileName: fileOf.get(block.namespace)!,
    contents: `<?xml version="1.0" encoding="utf-8"?>\n${locateImports(withRootDeclarations(block.text, rootDeclarations), fileOf)}`,
  }));

  const imports = [
    `<xs:import namespace="${SOAP_ENV_NS}" schemaLocation="${ENVELOPE_FILE}"/>`,
    ...blocks.map(
      (block) =>
        `<xs:import namespace="${block.namespace}" schemaLocation="${fileOf.get(block.namespace)}"/>`,
    ),
  ];
  const root = `<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="${XSD_NS}" targetNamespace="urn:gprelay:wsdl-root">
  ${imports.join('\n  ')}
</xs:schema>
`;
  return {
    files: [
      { fileName: ROOT_FILE, contents: root },
      { fileName: ENVELOPE_FILE, contents: SOAP_ENVELOPE_XSD },
      ...files,
    ],
    namespaces: blocks.map((block) => block.namespace),
  };
}

function withRootDeclarations(schemaText: string, declarations: { prefix: string; uri: string }[]): string {
  const end = schemaText.indexOf('>');
  const selfClosing = schemaText[end - 1] === '/';
  const startTag = schemaText.slice(0, selfClosing ? end - 1 : end);
  const missing = declarations
    .filter((declaration) => !new RegExp(`\\sxmlns:${escapeRegExp(declaration.prefix)}=`).test(startTag))
    .map((declaration) => ` xmlns:${declaration.prefix}="${declaration.uri}"`)
    .join('');
  return startTag + missing + schemaText.slice(selfClosing ? end - 1 : end);
}

function locateImports(schemaText: string, fileOf: Map<string, string>): string {
  return schemaText.replace(
    /<([\w.-]+):import\b([^>]*?)(\/?)>/g,
    (whole, prefix: string, attrs: string, slash: string) => {
      if (/\sschemaLocation=/.test(attrs)) return whole;
      const namespace = /\snamespace="([^"]*)"/.exec(attrs)?.[1];
      if (namespace === undefined) return whole;
      const file = fileOf.get(namespace);
      if (file === undefined)
        throw new Error(`inline schema imports ${namespace}, which the WSDL does not define`);
      return `<${prefix}:import${attrs} schemaLocation="${file}"${slash}>`;
    },
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
