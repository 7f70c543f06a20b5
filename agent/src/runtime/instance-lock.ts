import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AgentError, AgentErrorCode } from '../errors';

/**
 * One running agent per data folder: the local store has a single writer. The
 * lock file holds the owner's pid; a lock left by a process that is gone (a
 * crash, SIGKILL) is taken over.
 */
export function acquireInstanceLock(dataDir: string): { release(): void } {
  const path = join(dataDir, 'agent.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new AgentError(
          AgentErrorCode.config,
          `another agent (pid ${owner}) is already running with data folder ${dataDir}; stop it first`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new AgentError(AgentErrorCode.config, `cannot lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
