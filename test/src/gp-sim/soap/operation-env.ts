import type { XmlElement } from '../../wsdl/xml-tree';
import type { CompanyDatabase } from '../model/company-database';
import type { ExceptionLog } from './soap-fault';

/** What an operation handler sees of the simulator. */
export interface OperationEnv {
  readonly companies: ReadonlyMap<number, CompanyDatabase>;
  readonly log: ExceptionLog;
  readonly charPadding: 'padded' | 'trimmed';
  readonly modifiedDateSource: 'dex-row-ts' | 'modifdt';
  /** The GP server's UTC offset; only matters for request dates sent with an explicit offset. */
  readonly serverUtcOffsetMinutes: number;
  readonly now: () => number;
}

/**
 * Reads a request payload and returns the response payload element as XML,
 * whole or in consecutive chunks (large lists); throws SoapFault.
 */
export type OperationHandler = (payload: XmlElement, env: OperationEnv) => string | readonly string[];
