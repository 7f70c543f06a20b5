import { randomUUID } from 'node:crypto';
import { escapeText } from './xml-writer';

/** SOAP 1.1 fault codes as ASMX writes them with its `soap` prefix. */
export const FaultCode = {
  client: 'soap:Client',
  server: 'soap:Server',
  versionMismatch: 'soap:VersionMismatch',
  mustUnderstand: 'soap:MustUnderstand',
} as const;
export type FaultCode = (typeof FaultCode)[keyof typeof FaultCode];

/** A fault a handler throws; the server turns it into HTTP 500 + soap:Fault. */
export class SoapFault extends Error {
  constructor(
    readonly code: FaultCode,
    readonly faultString: string,
    /** Inner XML of `<detail>`; ASMX always writes the element, empty or not. */
    readonly detailXml = '',
  ) {
    super(faultString);
    this.name = 'SoapFault';
  }
}

/** The generic text GP returns for every system exception (KB 950697, field reports). */
export const SYSTEM_EXCEPTION_MESSAGE =
  'The application encountered an unhandled system exception. Contact your system administrator for details.';
/** [U] Wording of a validation fault; clients are told to fetch the logged ValidationResult. */
export const VALIDATION_EXCEPTION_MESSAGE =
  'The business object is not valid. Use GetLoggedValidationResultByKey with the log id for details.';

/** One entry of GP's exception log (LoggedExceptionData, cc507997): the detail the fault withholds. */
export interface LoggedException {
  readonly logId: string;
  readonly exceptionType: 'SystemException' | 'ValidationException';
  readonly message: string;
  readonly operation: string;
  readonly loggedAt: number;
}

/** GP's exception log; `systemException` and `validationException` write to it like the real service. */
export class ExceptionLog {
  readonly entries: LoggedException[] = [];
  private readonly maxEntries = 1000;

  constructor(private readonly now: () => number) {}

  byId(logId: string): LoggedException | undefined {
    return this.entries.find((entry) => entry.logId === logId);
  }

  /**
   * A system exception: generic faultstring, the real reason only in the log.
   * [U] The LogId element in `detail`: the docs say system faults carry no
   * `<Message>` node; where GP puts the log id for them is unconfirmed.
   */
  systemException(operation: string, message: string): SoapFault {
    const logId = this.add('SystemException', operation, message);
    return new SoapFault(FaultCode.server, SYSTEM_EXCEPTION_MESSAGE, `<LogId>${logId}</LogId>`);
  }

  /** A validation exception: `detail` holds `<Message>` with the log id (MSDN ff623150). */
  validationException(operation: string, message: string): SoapFault {
    const logId = this.add('ValidationException', operation, message);
    return new SoapFault(FaultCode.server, VALIDATION_EXCEPTION_MESSAGE, `<Message>${logId}</Message>`);
  }

  private add(exceptionType: LoggedException['exceptionType'], operation: string, message: string): string {
    const logId = randomUUID();
    this.entries.push({ logId, exceptionType, message, operation, loggedAt: this.now() });
    if (this.entries.length > this.maxEntries) this.entries.shift();
    return logId;
  }
}

/** ASMX's fault for a request it cannot deserialize. */
export function unreadableRequest(reason: string): SoapFault {
  return new SoapFault(
    FaultCode.client,
    `Server was unable to read request. ---> There is an error in XML document. ---> ${reason}`,
  );
}

export const SOAP_ENVELOPE_START =
  '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>';
export const SOAP_ENVELOPE_END = '</soap:Body></soap:Envelope>';

export function faultEnvelope(fault: SoapFault): string {
  const detail = fault.detailXml === '' ? '<detail />' : `<detail>${fault.detailXml}</detail>`;
  return `${SOAP_ENVELOPE_START}<soap:Fault><faultcode>${fault.code}</faultcode><faultstring>${escapeText(fault.faultString)}</faultstring>${detail}</soap:Fault>${SOAP_ENVELOPE_END}`;
}
