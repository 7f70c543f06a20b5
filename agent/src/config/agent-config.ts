import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { DOC_TYPES, type DocType } from '@gprelay/shared';
import { AgentError, AgentErrorCode } from '../errors';
import { crossSourceAuthProblems, type GpAuthSettings, parseAuthSettings } from '../gp/auth/auth-settings';
import type { SbaSourceSettings } from '../gp/sba/sba-options';
import { parseSbaSourceSettings, SBA_SETTING_KEYS } from '../gp/sba/sba-source-settings';

/** One GP company reached through one API. */
export interface SoapSourceConfig {
  kind: 'gp-soap';
  /** Legacy Web Services endpoint, e.g. http://gp01:48620/DynamicsGPWebServices/DynamicsGPService.asmx */
  url: string;
  /** GP company id (CompanyKey.Id); the Fabrikam sample company is -1. */
  companyId: number;
  /** Company name as GP shows it; messages and routing rules use it. */
  company: string;
  /**
   * How the agent authenticates to GP's web server (`auth` in agent.json;
   * see agent/README.md). Default mode "none". A source-level `spn` of older
   * configs is read as `auth.spn`.
   */
  auth: GpAuthSettings;
  /** Budget of one GP call, ms. */
  timeoutMs: number;
  /** Families to read from this source; default all the product relays. */
  docTypes: readonly DocType[] | null;
  /** GL work (unposted) entries too; default false: posted journals only. */
  includeUnpostedJournals: boolean;
}

/** One GP company reached through SBA REST (agent/src/gp/sba/README.md). */
export interface SbaSourceConfig {
  kind: 'gp-sba';
  /** GP Service root, e.g. https://gp01.corp.local/GPService */
  url: string;
  /** Company NAME as GP shows it: SBA addresses the company by name (`Companies(<name>)`). */
  company: string;
  auth: GpAuthSettings;
  /** Budget of one GP request, ms. */
  timeoutMs: number;
  docTypes: readonly DocType[] | null;
  includeUnpostedJournals: boolean;
  /** What differs between SBA servers (tenant, resources, query, envelope, fields...); defaults: the simulator's. */
  sba: SbaSourceSettings;
}

export type SourceConfig = SoapSourceConfig | SbaSourceConfig;

export interface AgentConfig {
  /** Absolute path of the file this came from. */
  readonly path: string;
  /** Cloud base URL; null = the one recorded at enrollment. */
  readonly cloudUrl: string | null;
  readonly proxyUrl: string | null;
  /** Absolute; holds the vault and the local store. Default `<config dir>/data`. */
  readonly dataDir: string;
  /** Poll interval used until the cloud's `welcome` sets one, ms. */
  readonly pollIntervalMs: number;
  readonly logLevel: 'error' | 'warn' | 'info' | 'debug';
  readonly sources: readonly SourceConfig[];
}

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
const KNOWN_KEYS = new Set(['cloudUrl', 'proxyUrl', 'dataDir', 'pollIntervalMs', 'logLevel', 'sources']);
const SOURCE_KEYS = new Set([
  'kind',
  'url',
  'companyId',
  'company',
  'spn',
  'auth',
  'timeoutMs',
  'docTypes',
  'includeUnpostedJournals',
]);

/** Reads and validates `agent.json`, listing every problem at once. */
export function loadAgentConfig(path: string): AgentConfig {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new AgentError(
      AgentErrorCode.config,
      `config file ${absolute} does not exist (see agent/agent.example.json)`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(absolute, 'utf8'));
  } catch (error) {
    throw new AgentError(
      AgentErrorCode.config,
      `config file ${absolute} is not valid JSON: ${(error as Error).message}`,
    );
  }
  return parseAgentConfig(raw, absolute);
}

/**
 * Validates a parsed config object; `path` anchors relative paths. Secrets never belong here: use the vault.
 * `platform` (default process.platform) decides which Kerberos credentials can work.
 */
export function parseAgentConfig(
  raw: unknown,
  path: string,
  options: { platform?: NodeJS.Platform } = {},
): AgentConfig {
  const platform = options.platform ?? process.platform;
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AgentError(AgentErrorCode.config, `${path}: the config must be a JSON object`);
  }
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) if (!KNOWN_KEYS.has(key)) problems.push(`unknown setting "${key}"`);

  const cloudUrl = optionalUrl(input.cloudUrl, 'cloudUrl', ['http:', 'https:'], problems);
  const proxyUrl = optionalUrl(input.proxyUrl, 'proxyUrl', ['http:', 'https:'], problems);
  const dataDirRaw = input.dataDir ?? 'data';
  if (typeof dataDirRaw !== 'string' || dataDirRaw === '') problems.push('dataDir must be a folder path');
  const dataDir =
    typeof dataDirRaw === 'string' && isAbsolute(dataDirRaw)
      ? dataDirRaw
      : resolve(dirname(path), String(dataDirRaw));
  const pollIntervalMs = integer(input.pollIntervalMs, 'pollIntervalMs', 15_000, [1000, 3_600_000], problems);
  const logLevel = input.logLevel ?? 'info';
  if (!(LOG_LEVELS as readonly unknown[]).includes(logLevel)) {
    problems.push(`logLevel must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const sources: SourceConfig[] = [];
  if (!Array.isArray(input.sources)) {
    problems.push('sources must be a list of GP companies to poll (may be empty before the first run)');
  } else {
    input.sources.forEach((s, i) => {
      const source = parseSource(s, `sources[${i}]`, problems, platform);
      if (source) sources.push(source);
    });
    const seen = new Set<string>();
    for (const s of sources) {
      if (seen.has(s.company)) problems.push(`company "${s.company}" is listed twice`);
      seen.add(s.company);
    }
    problems.push(
      ...crossSourceAuthProblems(
        sources.map((s) => s.auth),
        platform,
      ),
    );
  }
  if (problems.length > 0) {
    throw new AgentError(
      AgentErrorCode.config,
      `${path} has ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return Object.freeze({
    path,
    cloudUrl,
    proxyUrl,
    dataDir,
    pollIntervalMs,
    logLevel: logLevel as AgentConfig['logLevel'],
    sources: Object.freeze(sources),
  });
}

function parseSource(
  raw: unknown,
  where: string,
  problems: string[],
  platform: NodeJS.Platform,
): SourceConfig | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${where} must be an object`);
    return null;
  }
  const s = raw as Record<string, unknown>;
  const before = problems.length;
  const isSba = s.kind === 'gp-sba';
  for (const key of Object.keys(s))
    if (!SOURCE_KEYS.has(key) && !(isSba && SBA_SETTING_KEYS.includes(key)))
      problems.push(`${where}: unknown setting "${key}"`);
  if (s.kind !== 'gp-soap' && !isSba) problems.push(`${where}.kind must be "gp-soap" or "gp-sba"`);
  const url = optionalUrl(s.url, `${where}.url`, ['http:', 'https:'], problems);
  if (url === null) problems.push(`${where}.url is required`);
  if (isSba && s.companyId !== undefined) {
    problems.push(`${where}.companyId is for gp-soap; gp-sba addresses the company by its name`);
  } else if (!isSba && (typeof s.companyId !== 'number' || !Number.isInteger(s.companyId))) {
    problems.push(`${where}.companyId must be the GP company id (an integer; Fabrikam is -1)`);
  }
  const sba = isSba ? parseSbaSourceSettings(s, where, problems) : undefined;
  if (typeof s.company !== 'string' || s.company.trim() === '' || s.company.length > 65) {
    problems.push(`${where}.company must be the company name as GP shows it (1-65 characters)`);
  }
  const auth = parseAuthSettings(s.auth, `${where}.auth`, { url, legacySpn: s.spn, platform }, problems);
  const timeoutMs = integer(s.timeoutMs, `${where}.timeoutMs`, 30_000, [1000, 600_000], problems);
  let docTypes: DocType[] | null = null;
  if (s.docTypes !== undefined) {
    if (
      !Array.isArray(s.docTypes) ||
      s.docTypes.length === 0 ||
      s.docTypes.some((t) => !DOC_TYPES.includes(t))
    ) {
      problems.push(`${where}.docTypes must be a non-empty list of ${DOC_TYPES.join(', ')}`);
    } else docTypes = [...new Set(s.docTypes as DocType[])];
  }
  if (s.includeUnpostedJournals !== undefined && typeof s.includeUnpostedJournals !== 'boolean') {
    problems.push(`${where}.includeUnpostedJournals must be true or false`);
  }
  const includeUnpostedJournals = s.includeUnpostedJournals === true;
  if (problems.length > before) return null;
  const common = {
    url: url!,
    company: (s.company as string).trim(),
    auth,
    timeoutMs,
    docTypes,
    includeUnpostedJournals,
  };
  if (sba !== undefined) return { kind: 'gp-sba', ...common, sba };
  return { kind: 'gp-soap', ...common, companyId: s.companyId as number };
}

function optionalUrl(value: unknown, name: string, schemes: string[], problems: string[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    problems.push(`${name} must be a URL`);
    return null;
  }
  try {
    const url = new URL(value);
    if (!schemes.includes(url.protocol)) throw new Error('scheme');
    return value;
  } catch {
    problems.push(
      `${name} must be an ${schemes.map((s) => s.slice(0, -1)).join('/')} URL, got ${JSON.stringify(value).slice(0, 80)}`,
    );
    return null;
  }
}

function integer(
  value: unknown,
  name: string,
  fallback: number,
  [min, max]: [number, number],
  problems: string[],
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}`);
    return fallback;
  }
  return value;
}
