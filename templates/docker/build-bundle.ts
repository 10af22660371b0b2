// Bundles the per-decky runner (templates/src/runner/main.ts) and everything it imports into one ESM
// file, templates/dist/decky-runner.mjs, so the template image needs nothing but `node` at build time.
// Usage: tsx templates/docker/build-bundle.ts [--out FILE]
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const TEMPLATES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_BUNDLE = join(TEMPLATES_DIR, 'dist', 'decky-runner.mjs');

// The CommonJS dependencies (ssh2, its wasm poly1305) expect `require`, `__dirname` and `__filename`.
const BANNER = [
  "import { createRequire as __decnetCreateRequire } from 'node:module';",
  "import { fileURLToPath as __decnetToPath } from 'node:url';",
  "import { dirname as __decnetDirname } from 'node:path';",
  'const require = __decnetCreateRequire(import.meta.url);',
  'const __filename = __decnetToPath(import.meta.url);',
  'const __dirname = __decnetDirname(__filename);',
].join('\n');

/** Builds the bundle; returns its path and size. */
export async function buildRunnerBundle(outFile = DEFAULT_BUNDLE): Promise<{ file: string; bytes: number }> {
  await mkdir(dirname(outFile), { recursive: true });
  await build({
    entryPoints: [join(TEMPLATES_DIR, 'src', 'runner', 'main.ts')],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: BANNER },
    // ssh2's native addons are optional: their `require` sits in a try/catch, so leaving them
    // unresolvable makes ssh2 fall back to its pure-JS (node:crypto + wasm poly1305) code paths.
    external: ['*.node', 'cpu-features'],
    legalComments: 'none',
    minify: false,
    sourcemap: false,
    logLevel: 'warning',
  });
  return { file: outFile, bytes: (await stat(outFile)).size };
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const i = process.argv.indexOf('--out');
  const out = i > 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]!) : DEFAULT_BUNDLE;
  const { file, bytes } = await buildRunnerBundle(out);
  process.stdout.write(`${file} ${(bytes / 1024).toFixed(0)} KiB\n`);
}
