import { runAdminCli } from './admin-cli';

/** `pnpm cloud-admin -- <command>`: the operator CLI over the HTTP API. */
runAdminCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
