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
 * Document states the cloud can route on. A document carries exactly one;
 * `on-hold` wins over the posting or workflow state it would otherwise have,
 * and `voided` over everything.
 * - payables: `unposted` (GP work table), `posted` (open), `paid` (history)
 * - purchase orders: `new`, `approved` (GP "Released"), `change-order`, `received`, `closed`, `canceled`
 * - GL journals: `unposted`, `posted`
 * - vendors: `active`, `inactive`, `temporary`
 */
export const DocState = {
  unposted: 'unposted',
  posted: 'posted',
  paid: 'paid',
  voided: 'voided',
  onHold: 'on-hold',
  new: 'new',
  approved: 'approved',
  changeOrder: 'change-order',
  received: 'received',
  closed: 'closed',
  canceled: 'canceled',
  active: 'active',
  inactive: 'inactive',
  temporary: 'temporary',
} as const;
export type DocState = (typeof DocState)[keyof typeof DocState];

/** The states each document family can be in. */
export const STATES_OF = {
  'payables-invoice': ['unposted', 'posted', 'paid', 'voided', 'on-hold'],
  'purchase-order': ['new', 'approved', 'change-order', 'received', 'closed', 'canceled', 'on-hold'],
  'gl-journal': ['unposted', 'posted'],
  vendor: ['active', 'inactive', 'temporary', 'on-hold'],
} as const satisfies Record<DocType, readonly DocState[]>;
