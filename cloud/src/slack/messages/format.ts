import type { Money } from '@gprelay/shared';

/** `1234567.5` USD → `1,234,567.50 USD`, exactly, from the decimal string. */
export function formatMoney(money: Money): string {
  const negative = money.value.startsWith('-');
  const [whole = '0', fraction = ''] = money.value.replace(/^-/, '').split('.');
  const grouped = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const digits = money.decimalDigits;
  const shown = digits > 0 ? `.${fraction.padEnd(digits, '0').slice(0, digits)}` : '';
  return `${negative ? '-' : ''}${grouped}${shown} ${money.currency}`;
}

const dateFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});

/** `2026-12-25` → `Dec 25, 2026`. GP dates have no time zone: format them as written. */
export function formatDate(isoDate: string | null): string {
  if (isoDate === null) return '—';
  return dateFormat.format(new Date(`${isoDate}T00:00:00Z`));
}
