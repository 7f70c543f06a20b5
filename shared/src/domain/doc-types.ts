/** The GP document families the product relays. Values are the wire spelling. */
export const DocType = {
  payablesInvoice: 'payables-invoice',
  purchaseOrder: 'purchase-order',
  glJournal: 'gl-journal',
  vendor: 'vendor',
} as const;
export type DocType = (typeof DocType)[keyof typeof DocType];

export const DOC_TYPES: readonly DocType[] = Object.values(DocType);

/**
 * Document states the cloud can route on. A document carries exactly one.
 * `unposted` = GP work table, `posted` = open table, `paid` = history (fully applied).
 */
export const DocState = {
  unposted: 'unposted',
  posted: 'posted',
  paid: 'paid',
  onHold: 'on-hold',
  voided: 'voided',
} as const;
export type DocState = (typeof DocState)[keyof typeof DocState];
