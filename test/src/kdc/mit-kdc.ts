import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../net/free-port';
import { renderKdcConf, renderKrb5Conf } from './kdc-config';
import { mustRunKrb5Tool, runKrb5Tool, type ToolResult } from './krb5-tools';

export interface MitKdcOptions {
  /** Default GP.TEST. */
  realm?: string;
  /** Hosts that get an `HTTP/<host>` service principal in the service keytab. Default ['localhost']. */
  serviceHosts?: readonly string[];
  /** Domain users created with a password, e.g. { 'svc-gp': 'pw' }. */
  users?: Readonly<Record<string, string>>;
  /** Budget for the KDC to start answering, ms. Default 15,000. */
  startTimeoutMs?: number;
}

/** Start attempts when the chosen port was taken between the probe and krb5kdc's bind. */
const MAX_PORT_ATTEMPTS = 3;

/**
 * A real MIT Kerberos KDC for one throwaway realm, on a loopback port, with its
 * database, configs and keytabs in a temp dir. Processes that talk Kerberos to
 * it get `clientEnv` (a client: KRB5_CONFIG) or `serverEnv` (an acceptor:
 * KRB5_CONFIG + KRB5_KTNAME). MIT reads these from the environment, so one
 * process per realm is the safe way to keep realms apart.
 */
export class MitKdc {
  #child: ChildProcess | null = null;
  #exited: Promise<void> = Promise.resolve();
  readonly #lines: string[] = [];

  private constructor(
    readonly realm: string,
    readonly dir: string,
    readonly port: number,
    readonly serviceHosts: readonly string[],
  ) {}

  /** Creates the realm and starts the KDC; resolves once it answers on its port. */
  static async start(options: MitKdcOptions = {}): Promise<MitKdc> {
    const realm = options.realm ?? 'GP.TEST';
    const hosts = options.serviceHosts ?? ['localhost'];
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_PORT_ATTEMPTS; attempt++) {
      const dir = await mkdtemp(join(tmpdir(), 'gprelay-kdc-'));
      const kdc = new MitKdc(realm, dir, await freePort(), hosts);
      try {
        await kdc.#createRealm(options.users ?? {});
        await kdc.startProcess(options.startTimeoutMs ?? 15_000);
        return kdc;
      } catch (error) {
        lastError = error;
        await kdc.close();
        if (!/Address already in use/i.test(String(error))) throw error;
      }
    }
    throw lastError;
  }

  get krb5ConfigPath(): string {
    return join(this.dir, 'krb5.conf');
  }

  get kdcProfilePath(): string {
    return join(this.dir, 'kdc.conf');
  }

  /** Keytab holding the keys of every `HTTP/<host>` service principal (what IIS's account has). */
  get serviceKeytab(): string {
    return join(this.dir, 'http.keytab');
  }

  /** `HTTP/<host>@REALM` */
  servicePrincipal(host = this.serviceHosts[0]!): string {
    return `HTTP/${host}@${this.realm}`;
  }

  /** `name@REALM` */
  principal(user: string): string {
    return user.includes('@') ? user : `${user}@${this.realm}`;
  }

  /** Environment of a Kerberos client of this realm. */
  get clientEnv(): Record<string, string> {
    return { KRB5_CONFIG: this.krb5ConfigPath };
  }

  /** Environment of an acceptor (the GP simulator): the realm and the service keytab. */
  get serverEnv(): Record<string, string> {
    return { KRB5_CONFIG: this.krb5ConfigPath, KRB5_KTNAME: `FILE:${this.serviceKeytab}` };
  }

  /** Environment of the admin tools (kadmin.local, kdb5_util) and the KDC itself. */
  get adminEnv(): Record<string, string> {
    return { KRB5_CONFIG: this.krb5ConfigPath, KRB5_KDC_PROFILE: this.kdcProfilePath };
  }

  /** Everything the KDC logged so far (AS_REQ/TGS_REQ lines name principals and errors). */
  get log(): readonly string[] {
    return this.#lines;
  }

  get running(): boolean {
    return this.#child !== null;
  }

  async addUser(user: string, password: string): Promise<string> {
    await this.kadmin(`addprinc -pw ${quote(password)} ${this.principal(user)}`);
    return this.principal(user);
  }

  /** The administrator resets the password (as after a rotation in AD). */
  async setPassword(user: string, password: string): Promise<void> {
    await this.kadmin(`cpw -pw ${quote(password)} ${this.principal(user)}`);
  }

  /** The password must be changed before the next logon (kinit then fails). */
  async expirePassword(user: string): Promise<void> {
    // A date in the past: "now" is not yet expired within the same second.
    await this.kadmin(`modprinc -pwexpire "2001-01-01 00:00:00" ${this.principal(user)}`);
  }

  /** Writes a keytab with the user's current keys (without changing them), for keytab logons. */
  async exportUserKeytab(user: string, path = join(this.dir, `${user}.keytab`)): Promise<string> {
    await this.kadmin(`ktadd -k ${path} -norandkey ${this.principal(user)}`);
    return path;
  }

  /**
   * New keys for `HTTP/<host>`, and a service keytab holding only the new keys:
   * service tickets issued before are now refused by the acceptor, as after an
   * account password reset on the IIS side.
   */
  async rekeyService(host = this.serviceHosts[0]!): Promise<void> {
    await rm(this.serviceKeytab, { force: true });
    for (const each of this.serviceHosts) {
      if (each === host) await this.kadmin(`cpw -randkey ${this.servicePrincipal(each)}`);
      await this.kadmin(`ktadd -k ${this.serviceKeytab} -norandkey ${this.servicePrincipal(each)}`);
    }
  }

  /** Removes a service principal's keys from the service keytab: the acceptor can accept none of its tickets. */
  async dropServiceKeytab(): Promise<void> {
    await rm(this.serviceKeytab, { force: true });
    await writeFile(this.serviceKeytab, Buffer.from([0x05, 0x02]));
  }

  /** `kinit` into `ccache` (e.g. FILE:/tmp/x) with a password on stdin or a keytab. */
  kinit(
    user: string,
    credential: { password: string } | { keytab: string },
    ccache: string,
  ): Promise<ToolResult> {
    const args = 'keytab' in credential ? ['-k', '-t', credential.keytab] : [];
    return runKrb5Tool('kinit', [...args, this.principal(user)], {
      env: { ...this.clientEnv, KRB5CCNAME: ccache },
      ...('password' in credential ? { stdin: `${credential.password}\n` } : {}),
    });
  }

  /** Stops the KDC: clients then see "Cannot contact any KDC". Idempotent. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child === null) return;
    child.kill('SIGTERM');
    await this.#exited;
  }

  /** Stops the KDC and deletes the realm. Idempotent. */
  async close(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** (Re)starts krb5kdc on the realm's port; resolves when it logs that it serves requests. */
  async startProcess(timeoutMs = 15_000): Promise<void> {
    if (this.#child !== null) return;
    const child = spawn('krb5kdc', ['-n', '-r', this.realm], {
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin', ...this.adminEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    const waiters = new Set<() => void>();
    let exit: string | null = null;
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        exit = `exited with ${signal ?? code}`;
        this.#child = null;
        for (const wake of [...waiters]) wake();
        resolve();
      });
    });
    child.once('error', (error) => {
      exit = `could not start: ${error.message} (install krb5-kdc: scripts/setup.sh test)`;
      this.#child = null;
      for (const wake of [...waiters]) wake();
    });
    const from = this.#lines.length;
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.#lines.push(line);
        for (const wake of [...waiters]) wake();
      });
    }
    // krb5kdc logs "commencing operation" once its sockets are bound: no probing needed.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(`krb5kdc did not start within ${timeoutMs} ms:\n${this.#lines.slice(from).join('\n')}`),
        );
      }, timeoutMs);
      const check = () => {
        const lines = this.#lines.slice(from);
        if (lines.some((line) => line.includes('commencing operation'))) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        } else if (exit !== null) {
          clearTimeout(timer);
          waiters.delete(check);
          reject(new Error(`krb5kdc ${exit}:\n${lines.join('\n')}`));
        }
      };
      waiters.add(check);
      check();
    });
  }

  async kadmin(query: string): Promise<ToolResult> {
    return mustRunKrb5Tool('kadmin.local', ['-r', this.realm, '-q', query], { env: this.adminEnv });
  }

  async #createRealm(users: Readonly<Record<string, string>>): Promise<void> {
    const files = { realm: this.realm, port: this.port, dir: this.dir, hosts: this.serviceHosts };
    await writeFile(this.krb5ConfigPath, renderKrb5Conf(files));
    await writeFile(this.kdcProfilePath, renderKdcConf(files));
    await writeFile(join(this.dir, 'kadm5.acl'), '');
    const master = randomBytes(18).toString('base64url');
    await mustRunKrb5Tool('kdb5_util', ['create', '-s', '-r', this.realm, '-P', master], {
      env: this.adminEnv,
    });
    for (const host of this.serviceHosts) {
      await this.kadmin(`addprinc -randkey ${this.servicePrincipal(host)}`);
      await this.kadmin(`ktadd -k ${this.serviceKeytab} ${this.servicePrincipal(host)}`);
    }
    for (const [user, password] of Object.entries(users)) await this.addUser(user, password);
  }
}

/** kadmin.local parses its -q string like a shell line: quote passwords that contain spaces or quotes. */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}
