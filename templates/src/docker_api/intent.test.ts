// Property tests of the create/exec body reader: any bytes (random, truncated JSON, oversized,
// hostile types) give bounded string/number fields and never throw; real bodies give their intent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIntent, execIntent, execStartIntent } from './intent';

const bounded = (f: Record<string, unknown>): boolean => Object.values(f).every((v) => v === undefined || typeof v === 'number' || (typeof v === 'string' && v.length <= 2048));

describe('docker intent reader', () => {
  it('reads the image, command, binds and privileges of a container escape attempt', () => {
    const body = Buffer.from(JSON.stringify({ Image: 'alpine', Cmd: ['chroot', '/mnt', 'sh', '-c', 'id'], HostConfig: { Binds: ['/:/mnt'], Privileged: true, PidMode: 'host', NetworkMode: 'host', CapAdd: ['SYS_ADMIN'] } }));
    expect(createIntent(body)).toMatchObject({ image: 'alpine', cmd: '["chroot","/mnt","sh","-c","id"]', binds: '["/:/mnt"]', privileged: 1, pid_mode: 'host', network_mode: 'host', cap_add: '["SYS_ADMIN"]' });
    expect(execIntent(Buffer.from('{"Cmd":["cat","/etc/shadow"],"User":"root","Privileged":false}'))).toMatchObject({ cmd: '["cat","/etc/shadow"]', user: 'root', privileged: 0 });
    expect(execStartIntent(Buffer.from('{"Detach":true}'))).toEqual({ detach: 1, tty: undefined });
  });

  it('never throws and keeps every field bounded for arbitrary input', () => {
    const json = fc.json({ maxDepth: 4 }).map((s) => Buffer.from(s));
    const shaped = fc.record({ Image: fc.anything(), Cmd: fc.anything(), HostConfig: fc.anything(), Env: fc.array(fc.string({ maxLength: 5000 }), { maxLength: 100 }) }).map((o) => Buffer.from(JSON.stringify(o) ?? ''));
    const bytes = fc.uint8Array({ maxLength: 2048 }).map((u) => Buffer.from(u));
    fc.assert(fc.property(fc.oneof(json, shaped, bytes), (b) => {
      for (const f of [createIntent, execIntent, execStartIntent]) expect(bounded(f(b))).toBe(true);
      const cut = b.subarray(0, Math.floor(b.length / 2));
      expect(bounded(createIntent(cut))).toBe(true);
    }), { numRuns: 300 });
  });

  it('ignores bodies past the parse bound instead of parsing them', () => {
    const huge = Buffer.from(JSON.stringify({ Image: 'x', pad: 'a'.repeat(300 * 1024) }));
    expect(createIntent(huge)).toEqual({ body_json: 0 });
  });
});
