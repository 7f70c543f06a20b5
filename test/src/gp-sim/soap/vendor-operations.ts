import { GP_NS } from '../../wsdl/wsdl-file';
import type { XmlElement } from '../../wsdl/xml-tree';
import { sqlKey } from '../model/sql-types';
import { type VendorRow, VendorStatus } from '../model/tables';
import {
  candidateRows,
  criteriaOf,
  keyMember,
  listResponse,
  readBooleanRestriction,
  readScope,
  requestKey,
  VendorScope,
} from './list-criteria';
import type { OperationEnv } from './operation-env';
import { renderOptions } from './payables-operations';
import { readContext } from './request-context';
import { readDateRestriction, readStringRestriction } from './restrictions';
import { vendorSummaryXml, vendorXml } from './vendor-xml';

/**
 * GetVendorList: PM00200 rows matching VendorCriteria, as VendorSummary, in
 * VENDORID order; no paging. `Scope` is required; [U] "Return Based on
 * Vendor Id" answers only the vendor the Id restriction's EqualValue names.
 */
export function getVendorList(payload: XmlElement, env: OperationEnv): string | string[] {
  const operation = 'GetVendorList';
  const context = readContext(payload, operation, env.companies, env.log, true);
  const company = context.company!;
  const member = criteriaOf(payload);
  const scope = readScope(member('Scope'), 'VendorCriteria');
  const modified = readDateRestriction(member('ModifiedDate'), env.serverUtcOffsetMinutes);
  const created = readDateRestriction(member('CreatedDate'), env.serverUtcOffsetMinutes);
  const onHold = readBooleanRestriction(member('IsOnHold'));
  const active = readBooleanRestriction(member('IsActive'));
  const oneTime = readBooleanRestriction(member('IsOneTime'));
  const id = readStringRestriction(member('Id'));
  const name = readStringRestriction(member('Name'));
  const classId = readStringRestriction(member('ClassId'));
  const state = readStringRestriction(member('State'));
  const phone = readStringRestriction(member('PhoneNumber'));
  const scopedId = scope === VendorScope.byVendorId ? keyMember(member('Id'), 'EqualValue') : undefined;
  const render = renderOptions(env, context);
  const modifiedOf = (row: VendorRow) =>
    render.modifiedDateSource === 'modifdt' ? row.modifiedDate : row.dexRowTs;
  const matches: VendorRow[] = [];
  if (scope === VendorScope.all || scopedId !== undefined) {
    const rows = candidateRows(
      modified,
      (from, to) => company.vendorsModifiedBetween(from, to),
      () => company.vendors(),
    );
    for (const row of rows) {
      if (modified && !modified.test(modifiedOf(row))) continue;
      if (created && !created.test(row.createdDate)) continue;
      if (onHold && !onHold(row.hold)) continue;
      if (active && !active(row.status !== VendorStatus.inactive)) continue;
      if (oneTime && !oneTime(row.status === VendorStatus.temporary)) continue;
      if (id && !id(row.vendorId)) continue;
      if (scopedId !== undefined && sqlKey(row.vendorId) !== sqlKey(scopedId)) continue;
      if (name && !name(row.name)) continue;
      if (classId && !classId(row.classId)) continue;
      if (state && !state(row.state)) continue;
      if (phone && !phone(row.phone)) continue;
      matches.push(row);
    }
  }
  matches.sort((a, b) =>
    sqlKey(a.vendorId) < sqlKey(b.vendorId) ? -1 : sqlKey(a.vendorId) > sqlKey(b.vendorId) ? 1 : 0,
  );
  return listResponse(operation, 'VendorSummary', matches, (row) => vendorSummaryXml(row, render));
}

/** GetVendorByKey: the full Vendor. */
export function getVendorByKey(payload: XmlElement, env: OperationEnv): string {
  const operation = 'GetVendorByKey';
  const context = readContext(payload, operation, env.companies, env.log, true);
  const id = keyMember(requestKey(payload), 'Id');
  if (id === undefined) throw env.log.systemException(operation, 'The key of the vendor is missing.');
  const row = context.company!.vendor(id);
  if (row === undefined)
    throw env.log.systemException(operation, `Business object not found: Vendor '${sqlKey(id)}'.`);
  const body = vendorXml(row, renderOptions(env, context));
  return `<${operation}Response xmlns="${GP_NS}"><${operation}Result>${body}</${operation}Result></${operation}Response>`;
}
