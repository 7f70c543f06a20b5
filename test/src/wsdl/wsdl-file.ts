import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * The real legacy-endpoint WSDL of Web Services for Microsoft Dynamics GP
 * (367 operations, 1.7 MB; see shared/research/gp-api.md §4.1). A verbatim copy
 * lives next to this file so tests do not depend on anything outside the repo;
 * `GP_WSDL_PATH` points elsewhere when someone needs another GP version.
 */
export const GP_LEGACY_WSDL_PATH: string =
  process.env.GP_WSDL_PATH ?? fileURLToPath(new URL('./DynamicsGP.legacy.wsdl', import.meta.url));

/** XML namespace of the GP business objects and operations (`tns` in the WSDL). */
export const GP_NS = 'http://schemas.microsoft.com/dynamics/gp/2006/01';
/** XML namespace of Context, CompanyKey and CurrencyType. */
export const DYNAMICS_NS = 'http://schemas.microsoft.com/dynamics/2006/01';
export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

const cache = new Map<string, Promise<string>>();

/** The WSDL text, read once per process and path. */
export function readWsdlText(path: string = GP_LEGACY_WSDL_PATH): Promise<string> {
  let text = cache.get(path);
  if (text === undefined) {
    text = readFile(path, 'utf8');
    cache.set(path, text);
    text.catch(() => cache.delete(path));
  }
  return text;
}
