export { type GpWsdl, loadGpWsdl } from './gp-wsdl';
export {
  createSoapMessageValidator,
  type SoapMessageValidator,
  type SoapValidationResult,
  validateSoapMessage,
  validateSoapMessages,
} from './validate-soap-message';
export { DYNAMICS_NS, GP_LEGACY_WSDL_PATH, GP_NS, readWsdlText, SOAP_ENV_NS } from './wsdl-file';
export { type QName, qnameKey, type WsdlOperation } from './wsdl-operations';
export { type ExtractedSchemas, extractWsdlSchemas, type XsdFile } from './wsdl-schemas';
export { parseXml, type XmlAttribute, type XmlElement, XmlSyntaxError } from './xml-tree';
