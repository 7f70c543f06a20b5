/** Request accounting for assertions ("the poll made exactly one list call"). */
export interface SimStats {
  /** SOAP POSTs received, whatever became of them. */
  requests: number;
  requestsByOperation: Record<string, number>;
  /** Bytes of SOAP response bodies sent. */
  responseBytes: number;
  responseBytesByOperation: Record<string, number>;
  faultsInjected: number;
  statusCodes: Record<string, number>;
  /** SOAP requests being handled right now, and the most seen at once (to check client concurrency limits). */
  inFlight: number;
  maxInFlight: number;
}

export function emptyStats(): SimStats {
  return {
    requests: 0,
    requestsByOperation: {},
    responseBytes: 0,
    responseBytesByOperation: {},
    faultsInjected: 0,
    statusCodes: {},
    inFlight: 0,
    maxInFlight: 0,
  };
}

/** One request/response pair as it crossed the wire; kept for schema checks in tests. */
export interface SoapExchange {
  readonly operation: string | undefined;
  readonly status: number;
  readonly requestXml: string;
  readonly responseXml: string;
}
