// Bundles the agent for installation (MSI, systemd): plain `node agent/dist/agent.mjs <command>`,
// no TypeScript loader, which is how the agent's memory targets are met. The entry module holds the
// command line only; each command and what it alone uses are chunks in dist/chunks, loaded when that
// command runs, so `agent run` never reads the code of enroll, doctor or fetch (an idle agent 3 MB
// smaller). The native addons (better-sqlite3, kerberos) stay external and load from node_modules.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * `undici` in our sources → undici-slim.cjs (why: see that file), except in src/transport/undici-fetch.ts,
 * which gets undici's full index for fetch; undici's own requires are untouched.
 */
const undiciSlim = {
  name: 'undici-slim',
  setup(plugin) {
    const slim = new URL('./undici-slim.cjs', import.meta.url).pathname;
    const full = /undici-slim\.cjs$|undici-fetch\.ts$/;
    plugin.onResolve({ filter: /^undici$/ }, (args) =>
      full.test(args.importer) ? undefined : { path: slim },
    );
  },
};

const outdir = new URL('../dist', import.meta.url).pathname;
const outfile = join(outdir, 'agent.mjs');
rmSync(outdir, { recursive: true, force: true }); // no chunks of an earlier build left behind
await build({
  entryPoints: [new URL('../src/cli/main.ts', import.meta.url).pathname],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outdir,
  entryNames: 'agent',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  external: ['better-sqlite3', 'kerberos'],
  // Some bundled CommonJS dependencies call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __gprelayRequire } from 'node:module'; const require = __gprelayRequire(import.meta.url);",
  },
  plugins: [undiciSlim],
  // V8 keeps the text of every loaded chunk in memory (two bytes a character if any is not ASCII), and
  // a record per function in it: ASCII only, comments out (licence comments go to agent.mjs.LEGAL.txt),
  // short local names (~0.5 MB less for an idle agent). Stacks name minified functions; the linked
  // source maps beside the chunks map them back, offline or with `node --enable-source-maps`
  // (not a service flag: it keeps the maps in memory).
  charset: 'ascii',
  legalComments: 'external',
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
mergeLegalComments();
process.stdout.write(`built ${outfile}\n`);

/** One notices file for the installation, whichever chunks the licence comments landed in. */
function mergeLegalComments() {
  const header = 'Bundled license information:';
  const files = readdirSync(outdir, { recursive: true }).filter((f) => f.endsWith('.LEGAL.txt'));
  const sections = files.map((f) => readFileSync(join(outdir, f), 'utf8').replace(header, '').trim());
  for (const file of files) rmSync(join(outdir, file));
  writeFileSync(`${outfile}.LEGAL.txt`, `${header}\n\n${sections.sort().join('\n\n')}\n`);
}
