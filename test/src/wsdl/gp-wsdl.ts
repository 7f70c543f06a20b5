import { GP_LEGACY_WSDL_PATH, readWsdlText } from './wsdl-file';
import { parseWsdlOperations, qnameKey, type WsdlOperation } from './wsdl-operations';
import { type ExtractedSchemas, extractWsdlSchemas } from './wsdl-schemas';

/** What the simulator and the validator need to know about the GP WSDL. */
export interface GpWsdl {
  readonly path: string;
  readonly text: string;
  readonly targetNamespace: string;
  /** Operations by name (`GetPayablesInvoiceList`). */
  readonly operations: ReadonlyMap<string, WsdlOperation>;
  /** Operations by unquoted SOAPAction. */
  readonly operationsBySoapAction: ReadonlyMap<string, WsdlOperation>;
  /** `{ns}name` of every request and response payload element. */
  readonly payloadElements: ReadonlySet<string>;
  readonly schemas: ExtractedSchemas;
}

const cache = new Map<string, Promise<GpWsdl>>();

/** Loads and analyses a WSDL once per process (about 0.3 s for the GP legacy WSDL). */
export function loadGpWsdl(path: string = GP_LEGACY_WSDL_PATH): Promise<GpWsdl> {
  let loaded = cache.get(path);
  if (loaded === undefined) {
    loaded = readWsdlText(path).then((text) => analyse(path, text));
    cache.set(path, loaded);
    loaded.catch(() => cache.delete(path));
  }
  return loaded;
}

function analyse(path: string, text: string): GpWsdl {
  const { targetNamespace, operations } = parseWsdlOperations(text);
  const payloadElements = new Set<string>();
  for (const operation of operations) {
    payloadElements.add(qnameKey(operation.input));
    payloadElements.add(qnameKey(operation.output));
  }
  return {
    path,
    text,
    targetNamespace,
    operations: new Map(operations.map((operation) => [operation.name, operation])),
    operationsBySoapAction: new Map(operations.map((operation) => [operation.soapAction, operation])),
    payloadElements,
    schemas: extractWsdlSchemas(text),
  };
}
