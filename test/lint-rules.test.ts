// Proves the architecture lint rules fire: runtime modules and process.env stay out of the control
// plane, and packages import only in the directions DESIGN.md allows.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });
async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath });
  return (res?.messages ?? []).map((m) => m.ruleId ?? 'fatal');
}

describe('architecture lint rules', () => {
  it('keep node:*, cloudflare:* and process.env out of the control plane core', async () => {
    expect(await ruleIds("import { readFileSync } from 'node:fs';\n", 'control-plane/src/services/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { env } from 'cloudflare:workers';\n", 'control-plane/src/app-x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds('export const p = process.env.X;\n', 'control-plane/src/config-x.ts')).toContain('no-restricted-properties');
    expect(await ruleIds("import { serve } from '@hono/node-server';\n", 'control-plane/src/x.ts')).toContain('no-restricted-imports');
  });

  it('allow them in the two runtime entry files only', async () => {
    expect(await ruleIds("import { scrypt } from 'node:crypto';\nexport const e = process.env.X;\n", 'control-plane/src/runtime/node.ts')).toEqual([]);
    expect(await ruleIds("import { scrypt } from 'node:crypto';\n", 'control-plane/src/runtime/workers.ts')).toEqual([]);
    expect(await ruleIds("import { createClient } from '@libsql/client';\n", 'control-plane/src/runtime/workers.ts')).toContain('no-restricted-imports');
  });

  it('enforce dependency directions', async () => {
    expect(await ruleIds("import { createApp } from '@decnet/control-plane';\n", 'host-agent/src/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { x } from '@decnet/host-agent';\n", 'templates/src/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { x } from '../../control-plane/src/app';\n", 'templates/src/a/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { x } from '@decnet/templates';\n", 'protocol/src/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { readFile } from 'node:fs';\n", 'protocol/src/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { x } from '@decnet/protocol';\n", 'templates/src/x.ts')).toEqual([]);
    expect(await ruleIds("import { x } from '@decnet/protocol';\n", 'dashboard/src/x.ts')).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds("import type { X } from '@decnet/protocol';\n", 'dashboard/src/x.ts')).toEqual([]);
  });
});
