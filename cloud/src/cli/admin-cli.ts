import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { operatorTokenPath } from '../config/local-secrets';
import { OperatorClient } from './operator-client';

const USAGE = `Usage: pnpm cloud-admin -- <command> [options]

Commands:
  tenants create --name NAME
  tenants list
  slack connect --tenant ID            bot token read from SLACK_BOT_TOKEN or stdin (never from the command line)
  rules add --tenant ID --doc-type TYPE[,TYPE] --channel CHANNEL_ID
            [--state S[,S]] [--company NAME] [--vendor ID[,ID]] [--min-amount N] [--max-amount N] [--name NAME]
  rules list --tenant ID
  enrollment-codes create --tenant ID [--ttl-minutes 60]
  agents list --tenant ID
  deliveries list --tenant ID [--status pending|posting|posted|failed]
  audit list --tenant ID [--action ACTION] [--limit N]
  audit verify --tenant ID

Options:
  --url URL          cloud base URL (env GPRELAY_CLOUD_URL, default http://127.0.0.1:8080)
  --token-file PATH  operator token file (default: env OPERATOR_TOKEN, else <DATA_DIR>/operator-token)
  --json             print JSON instead of text
`;

const OPTIONS = {
  url: { type: 'string' },
  'token-file': { type: 'string' },
  json: { type: 'boolean', default: false },
  name: { type: 'string' },
  tenant: { type: 'string' },
  'doc-type': { type: 'string' },
  channel: { type: 'string' },
  state: { type: 'string' },
  company: { type: 'string' },
  vendor: { type: 'string' },
  'min-amount': { type: 'string' },
  'max-amount': { type: 'string' },
  'ttl-minutes': { type: 'string' },
  status: { type: 'string' },
  action: { type: 'string' },
  limit: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export async function runAdminCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  const command = positionals.slice(0, 2).join(' ');
  if (values.help || command === '') {
    process.stdout.write(USAGE);
    return command === '' && !values.help ? 2 : 0;
  }
  const client = new OperatorClient(
    values.url ?? env.GPRELAY_CLOUD_URL ?? 'http://127.0.0.1:8080',
    readToken(values, env),
  );
  const out = (value: unknown, text: () => string) =>
    process.stdout.write(`${values.json ? JSON.stringify(value, null, 2) : text()}\n`);
  const tenant = () => required(values.tenant, '--tenant');
  const list = (raw: string | undefined) =>
    raw
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);

  switch (command) {
    case 'tenants create': {
      const t = await client.call<{ id: string; name: string }>('POST', '/api/tenants', {
        name: required(values.name, '--name'),
      });
      out(t, () => `created tenant ${t.id} (${t.name})`);
      return 0;
    }
    case 'tenants list': {
      const rows = await client.call<Array<{ id: string; name: string }>>('GET', '/api/tenants');
      out(rows, () => rows.map((t) => `${t.id}  ${t.name}`).join('\n') || 'no tenants');
      return 0;
    }
    case 'slack connect': {
      const botToken = env.SLACK_BOT_TOKEN?.trim() || (await readStdin()).trim();
      if (!botToken) throw new Error('no bot token: set SLACK_BOT_TOKEN or pipe the token on stdin');
      const r = await client.call<{ teamId: string; teamName: string | null }>(
        'PUT',
        `/api/tenants/${tenant()}/slack`,
        { botToken },
      );
      out(r, () => `connected Slack workspace ${r.teamName ?? ''} (${r.teamId})`);
      return 0;
    }
    case 'rules add': {
      const filters = Object.fromEntries(
        Object.entries({
          states: list(values.state),
          companies: values.company ? [values.company] : undefined,
          vendorIds: list(values.vendor),
          minAmount: values['min-amount'],
          maxAmount: values['max-amount'],
        }).filter(([, v]) => v !== undefined),
      );
      const rule = await client.call<{ id: string; name: string }>('POST', `/api/tenants/${tenant()}/rules`, {
        docTypes: list(required(values['doc-type'], '--doc-type')),
        channelId: required(values.channel, '--channel'),
        filters,
        ...(values.name ? { name: values.name } : {}),
      });
      out(rule, () => `created rule ${rule.id}: ${rule.name}`);
      return 0;
    }
    case 'rules list': {
      const rows = await client.call<Array<{ id: string; name: string; enabled: boolean }>>(
        'GET',
        `/api/tenants/${tenant()}/rules`,
      );
      out(
        rows,
        () => rows.map((r) => `${r.id}  ${r.enabled ? 'on ' : 'off'}  ${r.name}`).join('\n') || 'no rules',
      );
      return 0;
    }
    case 'enrollment-codes create': {
      const ttlMinutes = values['ttl-minutes'] ? Number(values['ttl-minutes']) : undefined;
      const c = await client.call<{ code: string; expiresAt: string }>(
        'POST',
        `/api/tenants/${tenant()}/enrollment-codes`,
        ttlMinutes === undefined ? {} : { ttlMinutes },
      );
      out(c, () => `enrollment code ${c.code} (one use, expires ${c.expiresAt})`);
      return 0;
    }
    case 'agents list': {
      const rows = await client.call<Array<{ id: string; hostname: string; lastSeenAt: string | null }>>(
        'GET',
        `/api/tenants/${tenant()}/agents`,
      );
      out(
        rows,
        () =>
          rows.map((a) => `${a.id}  ${a.hostname}  last seen ${a.lastSeenAt ?? 'never'}`).join('\n') ||
          'no agents',
      );
      return 0;
    }
    case 'deliveries list': {
      const query = values.status ? `?status=${encodeURIComponent(values.status)}` : '';
      const rows = await client.call<
        Array<{
          id: number;
          channelId: string;
          status: string;
          slackTs: string | null;
          lastError: string | null;
        }>
      >('GET', `/api/tenants/${tenant()}/deliveries${query}`);
      out(
        rows,
        () =>
          rows
            .map(
              (d) =>
                `${d.id}  ${d.channelId}  ${d.status}  ${d.slackTs ?? ''}${d.lastError ? `  ${d.lastError}` : ''}`,
            )
            .join('\n') || 'no deliveries',
      );
      return 0;
    }
    case 'audit list': {
      const params = new URLSearchParams();
      if (values.action) params.set('action', values.action);
      if (values.limit) params.set('limit', values.limit);
      const rows = await client.call<
        Array<{
          seq: number;
          at: string;
          action: string;
          sourceRecordId: string | null;
          channelId: string | null;
          slackTs: string | null;
        }>
      >('GET', `/api/tenants/${tenant()}/audit${params.size ? `?${params}` : ''}`);
      out(
        rows,
        () =>
          rows
            .map((r) =>
              [r.seq, r.at, r.action, r.sourceRecordId ?? '', r.channelId ?? '', r.slackTs ?? '']
                .join('  ')
                .trimEnd(),
            )
            .join('\n') || 'no audit rows',
      );
      return 0;
    }
    case 'audit verify': {
      const v = await client.call<{ ok: boolean; rows: number; brokenAtSeq?: number; reason?: string }>(
        'GET',
        `/api/tenants/${tenant()}/audit/verify`,
      );
      out(v, () =>
        v.ok
          ? `audit chain intact: ${v.rows} rows`
          : `audit chain BROKEN at row ${v.brokenAtSeq}: ${v.reason}`,
      );
      return v.ok ? 0 : 1;
    }
    default:
      process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`${flag} is required`);
  return value;
}

function readToken(values: Values, env: NodeJS.ProcessEnv): string {
  if (values['token-file']) return readFileSync(values['token-file'], 'utf8').trim();
  if (env.OPERATOR_TOKEN) return env.OPERATOR_TOKEN.trim();
  const path = operatorTokenPath(env.DATA_DIR ?? './.data');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  throw new Error(
    `no operator token: set OPERATOR_TOKEN, pass --token-file, or run from the folder holding ${path}`,
  );
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
