// The local runtime has no real OpenSSH container: a high-interaction decky is refused with a clear
// error (never served by the emulator instead), while the decky next to it is unaffected.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HIGH_INTERACTION_LOCAL_REFUSAL } from '@decnet/protocol';
import { LocalRuntime } from './local-runtime';

const dir = mkdtempSync(join(tmpdir(), 'decnet-local-hi-'));
let rt: LocalRuntime | undefined;

afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('local runtime and high-interaction mode', () => {
  it('refuses the decky with the reason and starts no runner for it', async () => {
    rt = await LocalRuntime.open({ dataDir: dir, log: () => undefined });
    await rt.apply([{ name: 'hi-local', services: ['ssh'], serviceConfig: { ssh: { mode: 'high-interaction' } } }]);
    const [r] = rt.report();
    expect(r).toMatchObject({ name: 'hi-local', state: 'failed', error: HIGH_INTERACTION_LOCAL_REFUSAL });
  });
});
