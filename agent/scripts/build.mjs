// Bundles the agent into one ES module for installation (MSI, systemd):
// plain `node agent/dist/agent.mjs <command>`, no TypeScript loader, which
// is how the agent's memory targets are met. The native addons (better-sqlite3,
// kerberos) stay external and load from node_modules beside it.
import { build } from 'esbuild';

const outfile = new URL('../dist/agent.mjs', import.meta.url).pathname;
await build({
  entryPoints: [new URL('../src/cli/main.ts', import.meta.url).pathname],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outfile,
  external: ['better-sqlite3', 'kerberos'],
  // Some bundled CommonJS dependencies call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __gprelayRequire } from 'node:module'; const require = __gprelayRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  logLevel: 'warning',
});
process.stdout.write(`built ${outfile}\n`);
