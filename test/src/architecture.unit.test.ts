import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from './harness/repo-paths';

/** Every .ts file under a package's src/. */
function sources(pkg: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) out.push(path);
    }
  };
  walk(join(REPO_ROOT, pkg, 'src'));
  return out;
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g)].map(
    (m) => m[1] ?? m[2]!,
  );

/** DESIGN.md: shared depends on nothing of ours; agent and cloud never import each other; no deep imports. */
it.each([
  ['shared', /@gprelay\/|\.\.\/\.\.\/\.\.\//],
  ['agent', /@gprelay\/(cloud|test)|\/cloud\/|\.\.\/\.\.\/\.\.\//],
  ['cloud', /@gprelay\/(agent|test)|\/agent\/|\.\.\/\.\.\/\.\.\/\.\.\//],
  ['test', /\.\.\/(\.\.\/)*(agent|cloud|shared)\/src/],
])('%s keeps to the package graph', (pkg, forbidden) => {
  const offenders = sources(pkg).flatMap((file) =>
    importsOf(file)
      .filter((spec) => forbidden.test(spec))
      .map((spec) => `${relative(REPO_ROOT, file)} imports ${spec}`),
  );
  expect(offenders).toEqual([]);
});
