/** Payment terms (SY03300) the generator uses; ids as in GP sample data [U: names from memory]. */
export interface PaymentTerms {
  readonly id: string;
  readonly dueDays: number;
  /** Days to the discount date; 0 = no discount. */
  readonly discountDays: number;
}

export const PAYMENT_TERMS: readonly PaymentTerms[] = [
  { id: 'Net 30', dueDays: 30, discountDays: 0 },
  { id: 'Net 15', dueDays: 15, discountDays: 0 },
  { id: 'Net 60', dueDays: 60, discountDays: 0 },
  { id: '2% 10/Net 30', dueDays: 30, discountDays: 10 },
  { id: 'Due On Receipt', dueDays: 0, discountDays: 0 },
];

const byId = new Map(PAYMENT_TERMS.map((terms) => [terms.id.toUpperCase(), terms]));

export function paymentTermsById(id: string): PaymentTerms {
  return byId.get(id.trimEnd().toUpperCase()) ?? { id: id.trimEnd(), dueDays: 30, discountDays: 0 };
}
