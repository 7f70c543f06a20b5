// First: V8 flags must be set before the modules that depend on them run.
import './v8-flags';
import { parseArgs } from 'node:util';
import { isAgentError } from '../errors';
import { AGENT_VERSION } from '../version';

const USAGE = `GP Relay agent ${AGENT_VERSION}

Usage: agent <command> [options]

  enroll --cloud URL --code CODE   register this agent with the cloud (one-time code from the console)
  run [--backfill-since DATE]      poll GP and relay changes until stopped; with --backfill-since, first
                                   post everything changed since DATE (UTC, e.g. 2026-01-01), with progress
  status                           what this agent has stored (cursors, outbox), without network
  doctor                           check config, vault, enrollment, cloud, clock and each GP endpoint
  vault list | vault set NAME      manage local secrets (values are read from stdin)

Options:
  --config PATH        agent config file (default ./agent.json)
  --log-format FORMAT  text (default) or json, for run
  --json               machine-readable output, for status
  --version, --help
`;

async function main(argv: string[]): Promise<number> {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string', default: 'agent.json' },
      cloud: { type: 'string' },
      code: { type: 'string' },
      'log-format': { type: 'string' },
      'backfill-since': { type: 'string' },
      json: { type: 'boolean', default: false },
      version: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.version) {
    process.stdout.write(`${AGENT_VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const config = values.config;
  switch (command) {
    case 'enroll':
      return (await import('./commands/enroll')).enrollCommand({
        config,
        ...(values.cloud ? { cloud: values.cloud } : {}),
        ...(values.code ? { code: values.code } : {}),
      });
    case 'run': {
      const format = values['log-format'];
      if (format !== undefined && format !== 'text' && format !== 'json') {
        process.stderr.write('--log-format must be text or json\n');
        return 2;
      }
      const backfill = values['backfill-since'];
      let backfillSince: string | undefined;
      if (backfill !== undefined) {
        const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(backfill) ? `${backfill}T00:00:00Z` : backfill);
        if (!Number.isFinite(ms) || ms > Date.now()) {
          process.stderr.write(
            '--backfill-since must be a past date or UTC time, e.g. 2026-01-01 or 2026-01-01T08:00:00Z\n',
          );
          return 2;
        }
        backfillSince = new Date(ms).toISOString();
      }
      return (await import('./commands/run')).runCommand({
        config,
        ...(format ? { logFormat: format } : {}),
        ...(backfillSince ? { backfillSince } : {}),
      });
    }
    case 'status':
      return (await import('./commands/status')).statusCommand({ config, json: values.json });
    case 'doctor':
      return (await import('./commands/doctor')).doctorCommand({ config });
    case 'vault':
      return (await import('./commands/vault')).vaultCommand({
        config,
        ...(rest[0] ? { action: rest[0] } : {}),
        ...(rest[1] ? { name: rest[1] } : {}),
      });
    default:
      process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Our errors carry an operator-ready message; anything else is a bug worth its stack.
    process.stderr.write(
      isAgentError(error)
        ? `error: ${error.message}\n`
        : `unexpected error: ${(error as Error)?.stack ?? String(error)}\n`,
    );
    process.exit(1);
  },
);
