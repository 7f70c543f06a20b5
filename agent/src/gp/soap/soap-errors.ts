import { AgentError, AgentErrorCode } from '../../errors';
import type { SoapFaultInfo } from './soap-envelope';

/**
 * GP answered with a SOAP fault. Retryable for soap:Server system exceptions
 * (GP or SQL trouble that may pass); not for client faults (our request is
 * wrong) nor for validation exceptions (the same request fails the same way).
 * GP hides system-exception details behind a generic text; `logId` finds them
 * in GP's exception log (Dynamics Security Console / GetLoggedExceptionDataByKey).
 */
export class GpFaultError extends AgentError {
  readonly operation: string;
  readonly fault: SoapFaultInfo;

  constructor(operation: string, fault: SoapFaultInfo) {
    const logPart = fault.logId ? ` (GP exception log id ${fault.logId})` : '';
    super(
      AgentErrorCode.gpFault,
      `GP refused ${operation} with soap:${fault.code}: ${fault.faultString}${logPart}`,
      {
        retryable: fault.code === 'Server' && !fault.validation,
      },
    );
    this.name = 'GpFaultError';
    this.operation = operation;
    this.fault = fault;
  }
}

/** HTTP 401/403 from GP's web server; `schemes` are the offered WWW-Authenticate schemes (no tokens). */
export class GpAuthError extends AgentError {
  readonly status: number;
  readonly schemes: readonly string[];

  constructor(
    operation: string,
    status: number,
    schemes: readonly string[],
    triedSchemes: readonly string[],
  ) {
    const offered = schemes.length > 0 ? schemes.join(', ') : 'none';
    const tried = triedSchemes.length > 0 ? triedSchemes.join(', ') : 'no credentials';
    super(
      AgentErrorCode.gpAuth,
      `GP Web Services refused ${operation} with HTTP ${status}: the server offers ${offered}, the agent tried ${tried}`,
    );
    this.name = 'GpAuthError';
    this.status = status;
    this.schemes = schemes;
  }
}
