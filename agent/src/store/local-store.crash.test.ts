import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LocalStore } from './local-store';
import type { OutboxBatch } from './outbox';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gprelay-crash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the fixture in a real child process and returns what it printed and how it died. */
function runCrashWriter(path: string): Promise<{ stdout: string; signal: NodeJS.Signals | null }> {
  const fixture = join(import.meta.dirname, 'crash-writer.fixture.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ stdout, signal }));
  });
}

it('a process killed with SIGKILL after handing out a batch leaves the same rows and batch id behind', async () => {
  const path = join(dir, 'agent.db');
  const { stdout, signal } = await runCrashWriter(path);
  expect(signal).toBe('SIGKILL');
  const handedOut = JSON.parse(stdout) as OutboxBatch;
  expect(handedOut.deltas.map((d) => d.key)).toEqual(['V1', 'V2']);

  const store = LocalStore.open(path);
  try {
    expect(store.getCursor('TWO', 'payables-invoice')).toEqual({
      modifiedAt: '2026-11-25T10:00:00.000Z',
      key: 'V3',
    });
    expect(store.stats().depth).toBe(3);
    expect(store.nextBatch({ maxItems: 500, maxBytes: 1024 * 1024 })).toEqual(handedOut);
    expect(store.nextBatch({ maxItems: 500, maxBytes: 1024 * 1024 })!.deltas.map((d) => d.key)).toEqual([
      'V3',
    ]);
  } finally {
    store.close();
  }
});
