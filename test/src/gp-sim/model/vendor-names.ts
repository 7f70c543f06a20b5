import type { Rng } from './rng';

/**
 * Names that break naive XML, Slack mrkdwn and char(n) handling: `&`, `<`,
 * `>`, quotes, apostrophes, accents. The generator always uses these first.
 */
export const TRICKY_VENDOR_NAMES: readonly string[] = [
  'Barnes & Noble Office Supply',
  'Smith <Tools> & Hardware',
  'O\'Reilly "Fast" Freight',
  'Café Olé Imports',
  'Größe & Söhne GmbH',
  'Peña Distribución S.A.',
  'AT&T Business Services',
  'Ångström Labs <Nordic> AB',
];

const FIRST = [
  'Acme',
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Litware',
  'Adventure',
  'Blue Yonder',
  'Coho',
  'Wingtip',
  'Tailspin',
  'Proseware',
  'Alpine',
  'Lucerne',
  "Margie's",
  'Trey',
  'Wide World',
  'Humongous',
  'Woodgrove',
  'Fourth Coffee',
  'Southridge',
  'Consolidated',
  'First Up',
  'Graphic',
  'Lamna',
  'Relecloud',
];
const SECOND = [
  'Travel',
  'Office',
  'Supply',
  'Freight',
  'Paper',
  'Electric',
  'Consulting',
  'Logistics',
  'Printing',
  'Plumbing',
  'Catering',
  'Software',
  'Hardware',
  'Security',
  'Cleaning',
  'Marketing',
  'Legal',
  'Fleet',
  'Packaging',
  'Industrial',
  'Telecom',
  'Staffing',
  'Energy',
  'Media',
];
const SUFFIX = ['Inc.', 'LLC', 'Ltd.', 'Co.', 'Corp.', 'Group', 'Partners', 'Services', '& Sons', 'GmbH'];

/** `count` distinct vendor names: the tricky ones, then seeded combinations, numbered once those run out. */
export function vendorNames(rng: Rng, count: number): string[] {
  const names = TRICKY_VENDOR_NAMES.slice(0, count);
  const used = new Set(names);
  const combinations = FIRST.length * SECOND.length * SUFFIX.length;
  while (names.length < count) {
    let name = `${rng.pick(FIRST)} ${rng.pick(SECOND)} ${rng.pick(SUFFIX)}`;
    if (used.size >= combinations / 2) name = `${name} ${names.length}`;
    if (used.has(name)) continue;
    used.add(name);
    names.push(name);
  }
  return names;
}

/** GP-style vendor id: the first 8 letters or digits of the name, upper case, plus a 4-digit sequence (ACMETRAV0001). */
export function vendorIdFor(name: string, taken: Map<string, number>): string {
  const stem = (
    name
      .normalize('NFD')
      .replace(/[^A-Za-z0-9]/g, '')
      .toUpperCase() || 'VENDOR'
  ).slice(0, 8);
  const sequence = (taken.get(stem) ?? 0) + 1;
  taken.set(stem, sequence);
  return `${stem}${String(sequence).padStart(4, '0')}`;
}
