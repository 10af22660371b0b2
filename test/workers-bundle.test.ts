// `wrangler deploy --dry-run` bundles the control plane's Workers entry exactly as a deploy would;
// the bundle may import only modules workerd provides itself.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeWorkersAssets } from '../scripts/build/workers-assets.mjs';

const root = new URL('..', import.meta.url).pathname;
/** workerd implements node:crypto natively under the nodejs_compat flag set in wrangler.toml. */
const PROVIDED_BY_WORKERD = new Set(['node:crypto']);

// wrangler.toml's [assets] directory (dashboard, install.sh, agent bundle) must exist for wrangler.
beforeAll(() => void composeWorkersAssets({ quiet: true }), 300_000);

describe('Workers bundle', () => {
  it('builds with wrangler and imports nothing Node-only', async () => {
    const out = mkdtempSync(join(tmpdir(), 'decnet-wrangler-'));
    try {
      const { stdout } = await promisify(execFile)(join(root, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', out], {
        cwd: root,
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
        timeout: 120_000,
      });
      expect(stdout).toContain('--dry-run: exiting now');
      const bundle = readdirSync(out).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
      expect(bundle.length).toBeGreaterThan(10_000);
      const staticImports = [...bundle.matchAll(/^\s*(?:import|export)\b[^"'`;]*?\bfrom\s*"([^"]+)";?\s*$/gm)];
      const bareImports = [...bundle.matchAll(/^\s*import\s*"([^"]+)";?\s*$/gm)];
      const dynamicImports = [...bundle.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)];
      const external = [...staticImports, ...bareImports, ...dynamicImports].map((m) => m[1]!).filter((s) => !s.startsWith('.'));
      expect(external).toContain('node:crypto'); // the matcher finds what is really there
      const unexpected = external.filter((s) => !PROVIDED_BY_WORKERD.has(s) && !s.startsWith('cloudflare:'));
      expect(unexpected).toEqual([]);
      expect(bundle).not.toMatch(/require\(["'](fs|net|tls|child_process|node:fs)["']\)/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
