import { describe, expect, it } from 'vitest';
import {
  glTransactionListXml,
  modifiedDateXml,
  payablesDocumentListXml,
  purchaseOrderListXml,
  vendorListXml,
} from './family-requests';
import { child, readXml, type XmlNode } from './xml-reader';

const GP = 'http://schemas.microsoft.com/dynamics/gp/2006/01';
const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const context = { companyId: -1, cultureName: 'en-US' };
const criteriaOf = (payload: string) => child(readXml(payload.replace('>', ` ${XSI}>`)), GP, 'criteria')!;
const members = (node: XmlNode) => node.children.map((member) => member.name);
const valued = (node: XmlNode) =>
  node.children
    .filter((member) => member.attributes.length === 0)
    .map((member) => `${member.name}=${member.text}`);

describe('list request payloads', () => {
  it('writes a window as From/To, or GreaterThan after the previous To, the rest nil, in WSDL order', () => {
    const first = readXml(
      `<x ${XSI}>${modifiedDateXml({ from: '2024-05-01T00:00:00.000', to: '2024-05-02T00:00:00.000' })}</x>`,
    );
    const next = readXml(`<x ${XSI}>${modifiedDateXml({ greaterThan: '2024-05-02T00:00:00.000' })}</x>`);
    for (const window of [first, next]) {
      expect(members(window.children[0]!)).toEqual([
        'EqualValue',
        'NotEqualValue',
        'From',
        'To',
        'GreaterThan',
        'LessThan',
      ]);
    }
    expect(valued(first.children[0]!)).toEqual([
      'From=2024-05-01T00:00:00.000',
      'To=2024-05-02T00:00:00.000',
    ]);
    expect(valued(next.children[0]!)).toEqual(['GreaterThan=2024-05-02T00:00:00.000']);
  });

  it('reads all payables kinds in one GetPayablesDocumentList, Type after the base members', () => {
    const criteria = criteriaOf(payablesDocumentListXml({ from: '2024-05-01T00:00:00.000' }, context));
    expect(members(criteria)).toEqual(['ModifiedDate', 'TransactionState', 'Type']);
    expect(child(criteria, GP, 'Type')!.children[2]!.children.map((item) => item.text)).toEqual([
      'Invoice',
      'Return',
      'Credit Memo',
    ]);
  });

  it('sends the required Scope last for purchase orders and vendors', () => {
    const po = criteriaOf(purchaseOrderListXml({ from: '2024-05-01T00:00:00.000' }, context));
    expect(members(po)).toEqual(['TransactionState', 'ModifiedDate', 'Scope']);
    expect(child(po, GP, 'Scope')?.text).toBe('Return All');
    const vendor = criteriaOf(vendorListXml({ from: '2024-05-01T00:00:00.000' }, context));
    expect(members(vendor)).toEqual(['ModifiedDate', 'Scope']);
  });

  it('asks GL for posted states only unless work is wanted', () => {
    const states = (wanted: readonly ('Work' | 'Open' | 'History')[]) =>
      child(
        criteriaOf(glTransactionListXml({ from: '2024-05-01T00:00:00.000' }, wanted, context)),
        GP,
        'TransactionState',
      )!.children[2]!.children.map((item) => item.text);
    expect(states(['Open', 'History'])).toEqual(['Open', 'History']);
    expect(states(['Work', 'Open', 'History'])).toEqual(['Work', 'Open', 'History']);
  });
});
