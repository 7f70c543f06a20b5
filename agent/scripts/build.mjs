// Bundles the agent into one ES module for installation (MSI, systemd):
// plain `node agent/dist/agent.mjs <command>`, no TypeScript loader, which
// is how the agent's memory targets are met. The native addons (better-sqlite3,
// kerberos) stay external and load from node_modules beside it.
import { build } from 'esbuild';

/** `undici` in our sources → undici-slim.cjs (why: see that file); undici's own requires are untouched. */
const undiciSlim = {
  name: 'undici-slim',
  setup(plugin) {
    const slim = new URL('./undici-slim.cjs', import.meta.url).pathname;
    plugin.onResolve({ filter: /^undici$/ }, (args) =>
      args.importer.endsWith('undici-slim.cjs') ? undefined : { path: slim },
    );
  },
};

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
  plugins: [undiciSlim],
  // V8 keeps the whole bundle text in memory, as two bytes a character if any character is not ASCII:
  // ASCII only, comments out (licence comments go to agent.mjs.LEGAL.txt), names kept for readable stacks.
  charset: 'ascii',
  legalComments: 'linked',
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
process.stdout.write(`built ${outfile}\n`);
