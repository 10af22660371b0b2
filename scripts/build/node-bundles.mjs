// The Node targets of the production build, compiled by esbuild into dist/: `npm start`, the control
// plane, the host agent CLI with its broker thread, and the per-decky runner. npm packages stay external
// (resolved from node_modules at run time) except in the runner, which is one self-contained file.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = join(ROOT, 'dist');

/** Output file (in dist/) per entry; the agent bundle ships AGENT_FILES. */
export const ENTRIES = {
  'start.mjs': 'scripts/start.ts',
  'control-plane.mjs': 'control-plane/src/runtime/node.ts',
  'ingest-writer.mjs': 'control-plane/src/runtime/node-ingest-writer-thread.ts',
  'decnet-agent.mjs': 'host-agent/src/cli/entry.ts',
  'broker-thread.mjs': 'host-agent/src/bus/broker-thread.ts',
  'runner.mjs': 'templates/src/runner/main.ts',
};
export const AGENT_FILES = ['decnet-agent.mjs', 'broker-thread.mjs', 'runner.mjs'];
/** What the Node targets are built from (their fingerprint). */
export const NODE_INPUTS = [
  'protocol/src', 'templates/src', 'host-agent/src', 'control-plane/src', 'scripts/start.ts', 'scripts/stack.ts', 'scripts/build',
  'package-lock.json', 'tsconfig.json', 'protocol/package.json', 'templates/package.json', 'host-agent/package.json', 'control-plane/package.json',
];

// The CommonJS dependencies bundled into the runner (ssh2, its wasm poly1305) expect `require`,
// `__dirname` and `__filename`.
const CJS_SHIM = [
  "import { createRequire as __decnetCreateRequire } from 'node:module';",
  "import { fileURLToPath as __decnetToPath } from 'node:url';",
  "import { dirname as __decnetDirname } from 'node:path';",
  'const require = __decnetCreateRequire(import.meta.url);',
  'const __filename = __decnetToPath(import.meta.url);',
  'const __dirname = __decnetDirname(__filename);',
].join('\n');

/** Every bare import but our own workspaces stays an import of node_modules. */
const externalNpm = {
  name: 'external-npm',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@decnet/') ? undefined : { path: args.path, external: true }));
  },
};

const KEEP_MARKER = '@decnet-build keep-import-meta';
const URL_OF_LITERAL = /new URL\(\s*(['"])(\.{1,2}\/[^'"]*)\1\s*,\s*import\.meta\.url\s*\)/g;

/**
 * Keeps `import.meta.url` meaning "this source file" once bundled: in modules other than the entry it
 * becomes the URL of the source file (relative to the bundle, so the layout dist/ + sources moves as
 * one); in the entry only `new URL('./asset', import.meta.url)` is rebased, so the entry's own
 * "am I the main module" check still sees the bundle. Modules carrying KEEP_MARKER ask about the
 * bundle itself (host-agent/src/compiled.ts) and are left alone.
 */
function rebaseImportMeta(entry) {
  return {
    name: 'rebase-import-meta',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.split(sep).includes('node_modules')) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url') || text.includes(KEEP_MARKER)) return undefined;
        const fromDist = (target) => {
          const rel = relative(DIST, target).split(sep).join('/');
          return JSON.stringify(rel.startsWith('.') ? rel : `./${rel}`);
        };
        const contents =
          args.path === entry
            ? text.replace(URL_OF_LITERAL, (_m, _q, lit) => `new URL(${fromDist(resolve(dirname(args.path), lit)) + (lit.endsWith('/') ? "+'/'" : '')}, import.meta.url)`)
            : text.replaceAll('import.meta.url', `new URL(${fromDist(args.path)}, import.meta.url).href`);
        return { contents, loader: 'ts' };
      });
    },
  };
}

function options(out, src) {
  const entry = join(ROOT, src);
  const selfContained = out === 'runner.mjs';
  return {
    entryPoints: [entry],
    outfile: join(DIST, out),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    ...(selfContained && { banner: { js: CJS_SHIM } }),
    // ssh2's native addons are optional (a try/catch around their require): its pure-JS paths are used.
    external: selfContained ? ['*.node', 'cpu-features'] : [],
    plugins: selfContained ? [rebaseImportMeta(entry)] : [externalNpm, rebaseImportMeta(entry)],
    tsconfig: join(ROOT, 'tsconfig.json'),
    // The runner's source text stays in every decky's heap (V8 keeps it for lazy compilation): minified
    // it is ~45 % smaller, about 3 MB less RSS per decky. Names are kept for readable errors.
    ...(selfContained && { minify: true, keepNames: true }),
    legalComments: 'none',
    sourcemap: 'linked',
    logLevel: 'warning',
  };
}

/**
 * esbuild escapes non-ASCII characters in code but keeps the comments it carries over as written, and
 * one such character (a § in a doc comment) makes V8 hold the whole source text, which it keeps for
 * lazy compilation, as a two-byte string: 4.8 MB of heap for the 2.5 MB dist/start.mjs. Escaped, the
 * text stays one byte per character; `\uXXXX` means the same character in a string or regex too.
 */
async function asciiOnly(file) {
  const text = await readFile(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) await writeFile(file, ascii);
}

/** Builds every Node target; returns the output paths. */
export async function buildNodeBundles() {
  await Promise.all(Object.entries(ENTRIES).map(([out, src]) => build(options(out, src))));
  await Promise.all(Object.keys(ENTRIES).map((out) => asciiOnly(join(DIST, out))));
  // Data files compiled code reads next to the bundle (dist/data/): the sniffer's p0f database and its licence.
  await mkdir(join(DIST, 'data'), { recursive: true });
  for (const f of DATA_FILES) await copyFile(join(ROOT, f), join(DIST, 'data', basename(f)));
  return Object.keys(ENTRIES).map((o) => join(DIST, o));
}

/** Read at run time by modules marked keep-import-meta, from `./data/` beside their source or beside the bundle. */
export const DATA_FILES = ['host-agent/src/workers/sniffer/data/p0f.fp', 'host-agent/src/workers/sniffer/data/p0f.LICENSE', 'host-agent/src/runtime/docker/stack-personality/data/decnet-nfq-relay.c'];
