import { DOC_TYPES } from '@gprelay/shared';
import { type SbaSourceSettings, sbaSettingsProblems } from './sba-options';

/** The settings a `gp-sba` source of agent.json may carry beside url, company, auth and timeoutMs. */
export const SBA_SETTING_KEYS: readonly string[] = [
  'tenant',
  'resources',
  'query',
  'envelope',
  'fields',
  'detail',
  'keys',
  'pageSize',
];

const QUERY_KEYS = ['list', 'continuation', 'tokenQuery'];
const ENVELOPE_KEYS = ['items', 'next'];

/**
 * Reads the gp-sba settings of one agent.json source: types first, then
 * everything SbaGpSource itself would refuse, each problem prefixed with
 * `where` and pushed to `problems` (the config reports them all at once).
 */
export function parseSbaSourceSettings(
  source: Record<string, unknown>,
  where: string,
  problems: string[],
): SbaSourceSettings {
  const before = problems.length;
  const settings: SbaSourceSettings = {};
  const text = (value: unknown, name: string) => {
    if (typeof value !== 'string') problems.push(`${where}.${name} must be a string`);
    return value as string;
  };
  const object = (value: unknown, name: string, keys?: readonly string[]) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${where}.${name} must be an object`);
      return {};
    }
    for (const key of Object.keys(value)) {
      if (keys !== undefined && !keys.includes(key))
        problems.push(`${where}.${name}: unknown setting "${key}"`);
    }
    return value as Record<string, unknown>;
  };
  const strings = (value: unknown, name: string, keys?: readonly string[]) =>
    Object.fromEntries(
      Object.entries(object(value, name, keys)).map(([key, member]) => [key, text(member, `${name}.${key}`)]),
    );

  if (source.tenant !== undefined) settings.tenant = text(source.tenant, 'tenant');
  if (source.resources !== undefined) settings.resources = strings(source.resources, 'resources', DOC_TYPES);
  if (source.query !== undefined)
    settings.query = strings(source.query, 'query', QUERY_KEYS) as SbaSourceSettings['query'];
  if (source.envelope !== undefined) settings.envelope = strings(source.envelope, 'envelope', ENVELOPE_KEYS);
  if (source.fields !== undefined) {
    settings.fields = Object.fromEntries(
      Object.entries(object(source.fields, 'fields', DOC_TYPES)).map(([family, members]) => [
        family,
        strings(members, `fields.${family}`),
      ]),
    );
  }
  if (source.detail !== undefined)
    settings.detail = text(source.detail, 'detail') as SbaSourceSettings['detail'];
  if (source.keys !== undefined) settings.keys = strings(source.keys, 'keys', DOC_TYPES);
  if (source.pageSize !== undefined) {
    if (typeof source.pageSize !== 'number' || !Number.isInteger(source.pageSize) || source.pageSize < 1) {
      problems.push(`${where}.pageSize must be an integer ≥ 1`);
    } else settings.pageSize = source.pageSize;
  }
  // Semantics only once the types are right, so one mistake is reported once.
  if (problems.length === before)
    problems.push(...sbaSettingsProblems(settings).map((problem) => `${where}.${problem}`));
  return settings;
}
