import { spawn } from 'node:child_process';

export interface ToolResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one MIT Kerberos tool (kinit, kadmin.local, kdb5_util, klist) to the
 * end. `stdin` is written and closed (passwords go there, never into argv);
 * `env` replaces the inherited Kerberos variables so a developer's own
 * KRB5CCNAME or KRB5_CONFIG never leaks into a test realm.
 */
export function runKrb5Tool(
  command: string,
  args: readonly string[],
  options: { env: Record<string, string>; stdin?: string },
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
    // A tool that exits without reading its input (klist; kinit failing early) closes the pipe, and the
    // write then fails with EPIPE: its exit code and output already say what happened.
    child.stdin.once('error', () => {});
    child.stdin.end(options.stdin ?? '');
  });
}

/** Like runKrb5Tool, but a non-zero exit is an error that shows the tool's output. */
export async function mustRunKrb5Tool(
  command: string,
  args: readonly string[],
  options: { env: Record<string, string>; stdin?: string },
): Promise<ToolResult> {
  const result = await runKrb5Tool(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.code}: ${`${result.stderr}\n${result.stdout}`.trim()}`,
    );
  }
  return result;
}
