import { existsSync } from 'node:fs';
import { loadAgentConfig } from '../../config/agent-config';
import { IDENTITY_VAULT_ENTRY } from '../../enroll';
import { LocalStore } from '../../store';
import { Vault } from '../../vault';
import { agentPaths } from '../paths';

/** `agent status`: what this machine's agent knows, read from its data folder (no network). */
export async function statusCommand(options: { config: string; json?: boolean }): Promise<number> {
  const config = loadAgentConfig(options.config);
  const paths = agentPaths(config.dataDir);
  const vault = await Vault.open(paths.vault);
  const identity = await vault.get<{ agentId: string; tenantId: string; cloudUrl: string }>(
    IDENTITY_VAULT_ENTRY,
  );
  const store = existsSync(paths.store) ? LocalStore.open(paths.store) : null;
  const now = Date.now();
  const report = {
    enrolled: identity
      ? {
          agentId: identity.agentId,
          tenantId: identity.tenantId,
          cloudUrl: config.cloudUrl ?? identity.cloudUrl,
        }
      : null,
    sources: config.sources.map((s) => ({ company: s.company, kind: s.kind, url: s.url })),
    cursors: store?.listCursors() ?? [],
    outbox: store?.stats(now) ?? null,
  };
  store?.close();
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const lines = [
    report.enrolled
      ? `enrolled: agent ${report.enrolled.agentId}, tenant ${report.enrolled.tenantId}, cloud ${report.enrolled.cloudUrl}`
      : 'enrolled: no (run `agent enroll --cloud URL --code CODE`)',
    `sources: ${report.sources.length === 0 ? 'none configured' : report.sources.map((s) => `${s.company} (${s.kind})`).join(', ')}`,
    ...report.cursors.map(
      (c) =>
        `cursor ${c.company} ${c.docType}: GP changes up to ${c.cursor.modifiedAt}, saved ${new Date(c.updatedAtMs).toISOString()}`,
    ),
    report.outbox
      ? `outbox: ${report.outbox.depth} waiting${report.outbox.oldestAgeMs !== null ? `, oldest ${Math.round(report.outbox.oldestAgeMs / 1000)} s` : ''}, ${report.outbox.dropped} dropped`
      : 'outbox: no local store yet (the agent has not run)',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
