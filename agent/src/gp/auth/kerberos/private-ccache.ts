import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@gprelay/shared';

/**
 * The agent's own Kerberos credential caches: an MIT DIR collection in the
 * data folder (e.g. `<dataDir>/krb5cc`), one `tkt-<principal>` file per
 * principal, never the service user's default cache. KRB5CCNAME points this
 * process at the collection; GSS-API then finds the cache of the principal
 * each context asks for. A new ticket is written to a temp file by kinit and
 * renamed over the old cache, so a GSS call in flight never reads half a file
 * and the new cache starts without the old service tickets.
 */
export class PrivateCredentialCache {
  #prepared: Promise<void> | null = null;

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
  ) {}

  /** Creates the folder (0700) and points KRB5CCNAME of this process at it. Idempotent. */
  prepare(): Promise<void> {
    this.#prepared ??= (async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const wanted = `DIR:${this.dir}`;
      const before = process.env.KRB5CCNAME;
      if (before !== wanted) {
        if (before)
          this.logger.info("using the agent's own Kerberos credential cache", { was: before, now: wanted });
        process.env.KRB5CCNAME = wanted;
      }
    })();
    return this.#prepared;
  }

  /** A fresh temp cache name for kinit (files not named tkt* are invisible to the collection). */
  newTempCache(): { path: string; name: string } {
    const path = join(this.dir, `.new-${randomBytes(6).toString('hex')}`);
    return { path, name: `FILE:${path}` };
  }

  async install(tempPath: string, principal: string): Promise<void> {
    await rename(tempPath, this.cachePath(principal));
  }

  async discard(tempPath: string): Promise<void> {
    await rm(tempPath, { force: true });
  }

  /** Drops the principal's cache (e.g. before a doctor check). */
  async forget(principal: string): Promise<void> {
    await rm(this.cachePath(principal), { force: true });
  }

  cachePath(principal: string): string {
    return join(this.dir, `tkt-${principal.replace(/[^A-Za-z0-9._-]/g, '_')}`);
  }
}
