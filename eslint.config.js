// Lint rules that keep the architecture of DESIGN.md: the dependency directions between packages,
// and runtime-specific code (node:*, cloudflare:*, process.env) out of the control plane except in
// its two runtime entry files.
import tseslint from 'typescript-eslint';

const PACKAGES = ['protocol', 'templates', 'host-agent', 'control-plane', 'dashboard', 'test'];

/** Import patterns that reach into the given packages, by name or by relative path. */
function packagePatterns(names, message) {
  return names.map((n) => ({ group: [`@decnet/${n}`, `@decnet/${n}/**`, `**/${n}/src/**`, `**/${n}/src`], message }));
}

function forbidPackages(allowed, extra = [], paths = []) {
  const banned = PACKAGES.filter((p) => !allowed.includes(p));
  return ['error', { paths, patterns: [...packagePatterns(banned, 'Dependency direction of DESIGN.md §1 forbids this import.'), ...extra] }];
}

const noRuntime = [
  { group: ['node:*'], message: 'The control plane runs on Workers too: only runtime/node.ts (and its runtime/node-*.ts parts) may import node:*.' },
  { group: ['cloudflare:*'], message: 'Only runtime/workers.ts may import cloudflare:*.' },
  { group: ['@hono/node-server', '@hono/node-server/**', '@libsql/client', '@libsql/client/**'], message: 'Runtime adapters belong in control-plane/src/runtime/.' },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.wrangler/**', '**/drizzle/**', 'test-artifacts/**', '.data/**'] },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { 'no-eval': 'error', 'no-implied-eval': 'error', 'no-new-func': 'error', 'no-debugger': 'error' },
  },
  {
    files: ['protocol/src/**/*.ts'],
    rules: {
      'no-restricted-imports': forbidPackages(['protocol'], [{ group: ['node:*'], message: 'protocol/ has no I/O and no node:* imports.' }]),
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  { files: ['templates/src/**/*.ts'], rules: { 'no-restricted-imports': forbidPackages(['protocol', 'templates']) } },
  { files: ['host-agent/**/*.ts'], rules: { 'no-restricted-imports': forbidPackages(['protocol', 'templates', 'host-agent']) } },
  {
    files: ['control-plane/src/**/*.ts'],
    ignores: ['control-plane/src/runtime/node.ts', 'control-plane/src/runtime/node-*.ts', 'control-plane/src/runtime/workers.ts', '**/*.test.ts', 'control-plane/src/testing/**'],
    rules: {
      'no-restricted-imports': forbidPackages(['protocol', 'control-plane'], noRuntime),
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Configuration reaches the app through deps.' }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  { files: ['control-plane/src/runtime/node.ts', 'control-plane/src/runtime/node-*.ts'], rules: { 'no-restricted-imports': forbidPackages(['protocol', 'control-plane']) } },
  {
    files: ['control-plane/src/runtime/workers.ts'],
    rules: {
      'no-restricted-imports': forbidPackages(
        ['protocol', 'control-plane'],
        [{ group: ['@hono/node-server', '@hono/node-server/**'], message: 'Node-only adapter in the Workers entry.' }],
        ['@libsql/client', 'drizzle-orm/libsql', 'drizzle-orm/libsql/node'].map((name) => ({ name, message: 'Node-only driver: use the /web variant.' })),
      ),
    },
  },
  {
    files: ['dashboard/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': forbidPackages(['dashboard', 'protocol']),
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: '@decnet/protocol', message: 'The dashboard uses protocol types only.', allowTypeImports: true }] }],
    },
  },
);
