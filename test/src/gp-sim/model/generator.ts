import { currencyById, FUNCTIONAL_CURRENCY_ID } from './currencies';
import { generateJournals } from './gl-generator';
import type { GlJournalRow } from './gl-tables';
import { documentAmountOf } from './invoice-input';
import { defaultBatchId } from './payables-entry';
import { PAYMENT_TERMS, paymentTermsById } from './payment-terms';
import { generatePurchaseOrders } from './po-generator';
import type { PurchaseOrderRow } from './po-tables';
import { between, type Rng } from './rng';
import { addDays, padChar, roundNumeric5, roundToSqlDatetime, SQL_EMPTY_DATE, toDateOnly } from './sql-types';
import {
  CharWidth,
  type PayablesDocumentRow,
  PmDocType,
  PmTable,
  type VendorRow,
  VendorStatus,
} from './tables';
import { TRICKY_VENDOR_NAMES, vendorIdFor, vendorNames } from './vendor-names';

export interface GenerateOptions {
  vendors: number;
  /** Invoices (DOCTYPE 1); about 8% more documents are added as returns and credit memos. */
  invoices: number;
  /** Purchase orders with 1–5 lines each. Default: a fifth of `invoices`. */
  purchaseOrders?: number;
  /** GL journal entries with 2–4 lines each. Default: a fifth of `invoices`. */
  journals?: number;
  /** The generated history ends here (epoch ms); usually the clock's now. */
  untilMs: number;
  /** How far back the history reaches. Default 180 days. */
  spanDays?: number;
}

const DAY_MS = 86_400_000;
const CLASSES = ['USA-US-C', 'USA-US-I', 'USA-US-M', 'USA-ILMO-T1', 'CAN-ON-T1', 'EUR-DE-T1'];
const NUMBER_STYLES = ['INV-#####', '#######', 'A####-##', '####/##', 'BILL######'];
const DESCRIPTIONS = [
  'Monthly service',
  'Supplies',
  'Freight charges',
  'Consulting hours',
  'Maintenance',
].map((text) => padChar(text, CharWidth.TRXDSCRN, 'TRXDSCRN'));
const NO_DESCRIPTION = padChar('', CharWidth.TRXDSCRN, 'TRXDSCRN');
const NO_PO_NUMBER = padChar('', CharWidth.PORDNMBR, 'PORDNMBR');
const BATCH_SOURCE = padChar('PM_Trxent', CharWidth.BCHSOURC, 'BCHSOURC');

/**
 * Seeded vendors and payables documents spread over `spanDays` before
 * `untilMs`: same seed and options, same rows. Recent documents are mostly
 * unposted, older ones posted, the oldest mostly paid; a few are voided or on
 * hold. Linear in the number of documents (plus one sort), so 100,000
 * invoices take well under a second.
 */
export function generateCompanyData(
  rng: Rng,
  options: GenerateOptions,
): {
  vendors: VendorRow[];
  documents: PayablesDocumentRow[];
  purchaseOrders: PurchaseOrderRow[];
  journals: GlJournalRow[];
} {
  const vendors = generateVendors(rng.fork(1), options.vendors, options.untilMs);
  const active = vendors.filter((vendor) => vendor.status !== VendorStatus.inactive);
  if (active.length === 0 && options.invoices > 0)
    throw new RangeError('invoices need at least one active vendor');
  const documentRng = rng.fork(2);
  const spanMs = (options.spanDays ?? 180) * DAY_MS;
  const extra = Math.round(options.invoices * 0.08);
  const entries: { enteredAt: number; docType: PmDocType }[] = [];
  for (let i = 0; i < options.invoices + extra; i++) {
    const docType =
      i < options.invoices
        ? PmDocType.invoice
        : documentRng.chance(0.5)
          ? PmDocType.return
          : PmDocType.creditMemo;
    entries.push({ enteredAt: options.untilMs - Math.floor(documentRng.next() * spanMs), docType });
  }
  // Voucher numbers follow entry order, as GP's next-voucher number does.
  entries.sort((a, b) => a.enteredAt - b.enteredAt);
  const numberStyle = new Map(vendors.map((vendor) => [vendor.vendorId, documentRng.pick(NUMBER_STYLES)]));
  const batchIds = new Map<number, string>();
  const documents = entries.map((entry, index) =>
    generateDocument(documentRng, {
      voucher: index + 1,
      vendor: documentRng.pick(active),
      docType: entry.docType,
      enteredAt: entry.enteredAt,
      untilMs: options.untilMs,
      numberStyle,
      batchIds,
    }),
  );
  // Forks taken after the payables ones, so adding families left the invoices of a seed as they were.
  addVendorDetails(rng.fork(3), vendors);
  const spanDays = options.spanDays ?? 180;
  const purchaseOrders = generatePurchaseOrders(rng.fork(4), {
    count: options.purchaseOrders ?? Math.round(options.invoices / 5),
    vendors: active,
    untilMs: options.untilMs,
    spanDays,
  });
  const journals = generateJournals(rng.fork(5), {
    count: options.journals ?? Math.round(options.invoices / 5),
    untilMs: options.untilMs,
    spanDays,
  });
  return { vendors, documents, purchaseOrders, journals };
}

const STATES = ['IL', 'WA', 'NY', 'CA', 'TX', 'ON', 'BY', 'MA'];

/** PM00200 columns added after the first generator: drawn from their own generator, so older columns stay. */
function addVendorDetails(rng: Rng, vendors: VendorRow[]): void {
  for (const vendor of vendors) {
    vendor.state = padChar(rng.pick(STATES), CharWidth.STATE, 'STATE');
    const phone = rng.chance(0.9)
      ? `${rng.int(200, 989)}555${String(rng.int(0, 9999)).padStart(4, '0')}`
      : '';
    const extension = phone !== '' && rng.chance(0.2) ? String(rng.int(1, 9999)).padStart(4, '0') : '0000';
    vendor.phone = padChar(phone === '' ? '' : phone + extension, CharWidth.PHNUMBR1, 'PHNUMBR1');
  }
}

function generateVendors(rng: Rng, count: number, untilMs: number): VendorRow[] {
  const taken = new Map<string, number>();
  return vendorNames(rng, count).map((name, index) => {
    // The tricky names are always active USD vendors without a hold, so tests and demos can use them by id.
    const isTricky = index < TRICKY_VENDOR_NAMES.length;
    const roll = isTricky ? 0 : rng.next();
    const currencyId =
      roll < 0.92 ? FUNCTIONAL_CURRENCY_ID : roll < 0.96 ? 'Z-C$' : roll < 0.99 ? 'Z-EURO' : 'Z-YEN';
    const created = toDateOnly(untilMs - rng.int(200, 3000) * DAY_MS);
    const dexRowTs = roundToSqlDatetime(created + rng.int(0, DAY_MS - 1));
    const statusRoll = isTricky ? 0 : rng.next();
    return {
      vendorId: padChar(vendorIdFor(name, taken), CharWidth.VENDORID, 'VENDORID'),
      name: padChar(name, CharWidth.VENDNAME, 'VENDNAME'),
      shortName: padChar(name.slice(0, CharWidth.VENDSHNM), CharWidth.VENDSHNM, 'VENDSHNM'),
      classId: padChar(rng.pick(CLASSES), CharWidth.VNDCLSID, 'VNDCLSID'),
      status:
        statusRoll < 0.95
          ? VendorStatus.active
          : statusRoll < 0.98
            ? VendorStatus.inactive
            : VendorStatus.temporary,
      currencyId: padChar(currencyId, CharWidth.CURNCYID, 'CURNCYID'),
      paymentTermsId: padChar(rng.pick(PAYMENT_TERMS).id, CharWidth.PYMTRMID, 'PYMTRMID'),
      hold: !isTricky && rng.chance(0.02),
      state: padChar('', CharWidth.STATE, 'STATE'),
      phone: padChar('', CharWidth.PHNUMBR1, 'PHNUMBR1'),
      workflowApprovalStatus: 9,
      createdDate: created,
      modifiedDate: toDateOnly(dexRowTs),
      dexRowTs,
    };
  });
}

interface DocumentSeed {
  voucher: number;
  vendor: VendorRow;
  docType: PmDocType;
  enteredAt: number;
  untilMs: number;
  numberStyle: Map<string, string>;
  /** Padded batch id per entry day, computed once per day. */
  batchIds: Map<number, string>;
}

function generateDocument(rng: Rng, seed: DocumentSeed): PayablesDocumentRow {
  const { vendor, enteredAt, untilMs } = seed;
  const currency = currencyById(vendor.currencyId);
  const terms = paymentTermsById(vendor.paymentTermsId);
  const ageDays = (untilMs - enteredAt) / DAY_MS;
  const documentDate = toDateOnly(enteredAt) - rng.int(0, 5) * DAY_MS;
  // Log-uniform between 25 and 75,000 in the document currency; JPY has no decimals.
  const purchase = roundNumeric5(
    BigInt(Math.round(25 * 3000 ** rng.next() * 100_000)),
    currency.decimalDigits,
  );
  const percentOf = (amount: bigint, percent: number) =>
    roundNumeric5((amount * BigInt(Math.round(percent * 1000))) / 100_000n, currency.decimalDigits);
  const amounts = {
    purchaseAmount: purchase,
    tradeDiscountAmount: rng.chance(0.05) ? percentOf(purchase, rng.int(1, 5)) : 0n,
    freightAmount: rng.chance(0.2)
      ? roundNumeric5(BigInt(rng.int(10, 500)) * 100_000n, currency.decimalDigits)
      : 0n,
    miscAmount: rng.chance(0.05)
      ? roundNumeric5(BigInt(rng.int(5, 150)) * 100_000n, currency.decimalDigits)
      : 0n,
    taxAmount: rng.chance(0.6) ? percentOf(purchase, rng.int(5, 9)) : 0n,
  };
  const documentAmount = documentAmountOf(amounts);

  const isWork = rng.chance(ageDays < 3 ? 0.6 : ageDays < 14 ? 0.2 : 0.02);
  const postedAt = between(rng, enteredAt, 2 * DAY_MS, untilMs);
  const paidAt = postedAt + rng.int(15, 45) * DAY_MS;
  const isVoided = !isWork && rng.chance(0.015);
  const isPaid = !isWork && !isVoided && paidAt <= untilMs && rng.chance(0.9);
  const isHeld = !isWork && !isVoided && !isPaid && rng.chance(0.05);
  const voidedAt = between(rng, postedAt, 10 * DAY_MS, untilMs);
  const lastChange = isWork
    ? enteredAt
    : isPaid
      ? paidAt
      : isVoided
        ? voidedAt
        : isHeld
          ? between(rng, postedAt, DAY_MS, untilMs)
          : postedAt;
  const dexRowTs = roundToSqlDatetime(lastChange);
  const table = isWork ? PmTable.work : isPaid || isVoided ? PmTable.history : PmTable.open;
  const style = seed.numberStyle.get(vendor.vendorId) ?? '#######';
  const entryDay = toDateOnly(enteredAt);
  let batchId = seed.batchIds.get(entryDay);
  if (batchId === undefined) {
    batchId = padChar(defaultBatchId(entryDay), CharWidth.BACHNUMB, 'BACHNUMB');
    seed.batchIds.set(entryDay, batchId);
  }
  let documentNumber = '';
  for (const character of style) documentNumber += character === '#' ? String(rng.int(0, 9)) : character;

  return {
    table,
    voucherNumber: padChar(String(seed.voucher).padStart(17, '0'), CharWidth.VCHRNMBR, 'VCHRNMBR'),
    docType: seed.docType,
    vendorId: vendor.vendorId,
    documentNumber: padChar(documentNumber, CharWidth.DOCNUMBR, 'DOCNUMBR'),
    description: rng.chance(0.5) ? NO_DESCRIPTION : rng.pick(DESCRIPTIONS),
    poNumber: rng.chance(0.3)
      ? padChar(`PO${rng.int(10000, 99999)}`, CharWidth.PORDNMBR, 'PORDNMBR')
      : NO_PO_NUMBER,
    batchId,
    batchSource: BATCH_SOURCE,
    currencyId: vendor.currencyId,
    paymentTermsId: vendor.paymentTermsId,
    documentDate,
    postingDate: documentDate,
    dueDate: addDays(documentDate, terms.dueDays),
    discountDate: terms.discountDays > 0 ? addDays(documentDate, terms.discountDays) : SQL_EMPTY_DATE,
    ...amounts,
    documentAmount,
    currentAmount: isPaid || isVoided ? 0n : documentAmount,
    totalPayments: isPaid ? documentAmount : 0n,
    exchangeRate: currency.exchangeRate,
    hold: isWork ? null : isHeld,
    voided: isWork ? null : isVoided,
    postedDate: isWork ? SQL_EMPTY_DATE : toDateOnly(postedAt),
    postedBy: isWork ? '' : 'sa',
    paidOffDate: isPaid ? toDateOnly(paidAt) : SQL_EMPTY_DATE,
    voidDate: isVoided ? toDateOnly(voidedAt) : SQL_EMPTY_DATE,
    modifiedDate: toDateOnly(dexRowTs),
    modifiedBy: 'sa',
    dexRowTs,
    dexRowId: seed.voucher,
  };
}
