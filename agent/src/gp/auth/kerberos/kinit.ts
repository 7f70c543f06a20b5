import { spawn } from 'node:child_process';

export type KinitCredential = { readonly password: string } | { readonly keytab: string };

export type KinitResult =
  | { readonly ok: true; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly text: string; readonly missing?: boolean };

export interface KinitOptions {
  readonly principal: string;
  readonly credential: KinitCredential;
  /** e.g. FILE:/var/lib/gprelay/krb5cc/.new-xyz */
  readonly ccache: string;
  /** Default 'kinit' from PATH (MIT krb5-user). */
  readonly kinitPath?: string;
  /** Default 30,000. */
  readonly timeoutMs?: number;
  /** Requested TGT lifetime, e.g. '10h' (the KDC may cap it). */
  readonly lifetime?: string;
}

/**
 * Runs MIT `kinit` to get a TGT into `ccache`. A password goes to kinit's
 * stdin, never its command line (visible in ps) or environment. An expired
 * password makes kinit ask for a new one; stdin is closed by then, so it
 * fails and its output says "Password expired".
 */
export function runKinit(options: KinitOptions): Promise<KinitResult> {
  const args = ['-l', options.lifetime ?? '10h'];
  if ('keytab' in options.credential) args.push('-k', '-t', options.credential.keytab);
  args.push(options.principal);
  return new Promise((resolve) => {
    const child = spawn(options.kinitPath ?? 'kinit', args, {
      env: { ...process.env, KRB5CCNAME: options.ccache },
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, text: error.message, missing: error.code === 'ENOENT' });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const text = Buffer.concat(output).toString('utf8');
      if (code === 0) {
        const warnings = text
          .split(/\r?\n/)
          .filter((line) => /^Warning:/i.test(line.replace(/^Password for \S+:\s*/, '')))
          .map((line) => line.replace(/^Password for \S+:\s*/, '').trim());
        resolve({ ok: true, warnings });
      } else {
        resolve({ ok: false, text: signal ? `kinit did not finish (${signal}): ${text}` : text });
      }
    });
    // EPIPE when kinit exits before reading (e.g. a keytab logon): nothing to report.
    child.stdin.on('error', () => {});
    child.stdin.end('password' in options.credential ? `${options.credential.password}\n` : '');
  });
}
