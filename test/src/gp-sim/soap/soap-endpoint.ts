import type { GpWsdl } from '../../wsdl/gp-wsdl';
import { SOAP_ENV_NS } from '../../wsdl/wsdl-file';
import { attributeValue, parseXml, type XmlElement, XmlSyntaxError } from '../../wsdl/xml-tree';
import { getCompanyList } from './company-operations';
import { getGLTransactionByKey, getGLTransactionList } from './gl-operations';
import type { OperationEnv, OperationHandler } from './operation-env';
import {
  getPayablesCreditMemoByKey,
  getPayablesCreditMemoList,
  getPayablesDocumentList,
  getPayablesInvoiceByKey,
  getPayablesInvoiceList,
  getPayablesReturnByKey,
  getPayablesReturnList,
} from './payables-operations';
import { getPurchaseOrderByKey, getPurchaseOrderList } from './purchase-order-operations';
import {
  FaultCode,
  faultEnvelope,
  SOAP_ENVELOPE_END,
  SOAP_ENVELOPE_START,
  SoapFault,
  unreadableRequest,
} from './soap-fault';
import { getVendorByKey, getVendorList } from './vendor-operations';

/** Operations the simulator answers; every other WSDL operation gets a server fault saying so. */
export const IMPLEMENTED_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  GetPayablesInvoiceList: getPayablesInvoiceList,
  GetPayablesInvoiceByKey: getPayablesInvoiceByKey,
  GetPayablesDocumentList: getPayablesDocumentList,
  GetPayablesCreditMemoList: getPayablesCreditMemoList,
  GetPayablesCreditMemoByKey: getPayablesCreditMemoByKey,
  GetPayablesReturnList: getPayablesReturnList,
  GetPayablesReturnByKey: getPayablesReturnByKey,
  GetPurchaseOrderList: getPurchaseOrderList,
  GetPurchaseOrderByKey: getPurchaseOrderByKey,
  GetGLTransactionList: getGLTransactionList,
  GetGLTransactionByKey: getGLTransactionByKey,
  GetVendorList: getVendorList,
  GetVendorByKey: getVendorByKey,
  GetCompanyList: getCompanyList,
};

export interface SoapOutcome {
  /** 200, or 500 for every fault (SOAP 1.1 over HTTP). */
  readonly status: 200 | 500;
  /** The response envelope in consecutive chunks. */
  readonly body: readonly string[];
  readonly fault: SoapFault | undefined;
}

const SOAP12_ENV_NS = 'http://www.w3.org/2003/05/soap-envelope';

/** The WSDL operation a SOAPAction header names, or undefined. Quotes are optional, as ASMX accepts both. */
export function operationForAction(wsdl: GpWsdl, soapAction: string | undefined): string | undefined {
  if (soapAction === undefined) return undefined;
  return wsdl.operationsBySoapAction.get(unquote(soapAction))?.name;
}

function unquote(value: string): string {
  const trimmed = value.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1)
    : trimmed;
}

/**
 * One SOAP 1.1 call the way an ASMX-style endpoint handles it: route on the
 * SOAPAction header, read the envelope, require the Body payload to be the
 * action's input element, run the operation, wrap the result or the fault.
 */
export function handleSoapCall(
  wsdl: GpWsdl,
  env: OperationEnv,
  soapAction: string | undefined,
  body: string,
): SoapOutcome {
  try {
    const action = soapAction === undefined ? '' : unquote(soapAction);
    const operation = wsdl.operationsBySoapAction.get(action);
    if (operation === undefined) {
      throw new SoapFault(
        FaultCode.client,
        `Server did not recognize the value of HTTP Header SOAPAction: ${action}.`,
      );
    }
    const payload = readPayload(body);
    if (payload.ns !== operation.input.ns || payload.name !== operation.input.name) {
      throw unreadableRequest(`<${payload.name} xmlns='${payload.ns}'> was not expected.`);
    }
    const handler = IMPLEMENTED_OPERATIONS[operation.name];
    if (handler === undefined) {
      throw new SoapFault(FaultCode.server, `The GP simulator does not implement ${operation.name}.`);
    }
    const response = handler(payload, env);
    const parts = typeof response === 'string' ? [response] : response;
    return { status: 200, body: [SOAP_ENVELOPE_START, ...parts, SOAP_ENVELOPE_END], fault: undefined };
  } catch (error) {
    const fault =
      error instanceof SoapFault
        ? error
        : new SoapFault(
            FaultCode.server,
            `Server was unable to process request. ---> ${(error as Error).message}`,
          );
    return { status: 500, body: [faultEnvelope(fault)], fault };
  }
}

function readPayload(body: string): XmlElement {
  let envelope: XmlElement;
  try {
    envelope = parseXml(body);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw unreadableRequest(error.message);
    throw error;
  }
  if (envelope.name === 'Envelope' && envelope.ns === SOAP12_ENV_NS) {
    throw new SoapFault(
      FaultCode.versionMismatch,
      `Possible SOAP version mismatch: Envelope namespace ${SOAP12_ENV_NS} was unexpected. Expecting ${SOAP_ENV_NS}.`,
    );
  }
  if (envelope.ns !== SOAP_ENV_NS || envelope.name !== 'Envelope') {
    throw unreadableRequest(`<${envelope.name} xmlns='${envelope.ns}'> was not expected.`);
  }
  const header = envelope.children.find((child) => child.ns === SOAP_ENV_NS && child.name === 'Header');
  for (const entry of header?.children ?? []) {
    const mustUnderstand = attributeValue(entry, SOAP_ENV_NS, 'mustUnderstand')?.trim();
    if (mustUnderstand === '1' || mustUnderstand === 'true') {
      throw new SoapFault(FaultCode.mustUnderstand, `SOAP header ${entry.name} was not understood.`);
    }
  }
  const soapBody = envelope.children.find((child) => child.ns === SOAP_ENV_NS && child.name === 'Body');
  const payload = soapBody?.children[0];
  if (payload === undefined) throw unreadableRequest('The SOAP Body holds no request element.');
  return payload;
}
