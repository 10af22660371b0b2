import mqemitter from 'mqemitter';
import { describe, expect, it } from 'vitest';
import { BoundedEmitter } from './bounded-emitter';

/**
 * The failure of mqemitter 7.1 in miniature: one slow delivery holds the only slot while 200k
 * messages nobody listens to queue up; when the slot frees, each queued message completes
 * synchronously inside the previous one's `released` callback.
 */
function flood(e: { on: BoundedEmitter['on']; emit: BoundedEmitter['emit'] }, n: number): Promise<number> {
  return new Promise((ok, fail) => {
    let done = 0;
    e.on('slow', (_m, cb) => setImmediate(cb));
    e.emit({ topic: 'slow' });
    try {
      for (let i = 0; i < n; i++) e.emit({ topic: 'nobody/listens' }, () => ++done === n && ok(done));
    } catch (err) {
      fail(err);
    }
  });
}

function catchUncaught(run: () => Promise<unknown>): Promise<unknown> {
  return new Promise((ok) => {
    const handlers = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    const restore = () => handlers.forEach((h) => process.on('uncaughtException', h));
    process.once('uncaughtException', (err) => {
      restore();
      ok(err);
    });
    run().then((v) => {
      process.removeAllListeners('uncaughtException');
      restore();
      ok(v);
    });
  });
}

describe('BoundedEmitter', () => {
  it('mqemitter 7 itself overflows the stack on that pattern (the upstream bug)', async () => {
    const err = await catchUncaught(() => flood(mqemitter({ concurrency: 1 }) as unknown as BoundedEmitter, 200_000));
    expect(err).toBeInstanceOf(RangeError);
    expect(String(err)).toMatch(/Maximum call stack size exceeded/);
  });

  it('delivers the same flood without recursion', async () => {
    await expect(flood(new BoundedEmitter(1), 200_000)).resolves.toBe(200_000);
  });

  it('keeps at most `concurrency` deliveries in flight and preserves order', async () => {
    const e = new BoundedEmitter(3);
    const seen: number[] = [];
    let maxCurrent = 0;
    e.on('t/+', (m, cb) => {
      seen.push(m.n as number);
      maxCurrent = Math.max(maxCurrent, e.current);
      setImmediate(cb);
    });
    await new Promise<void>((ok) => {
      for (let n = 0; n < 50; n++) e.emit({ topic: `t/${n % 2}`, n }, () => n === 49 && ok());
    });
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(maxCurrent).toBeLessThanOrEqual(3);
    expect(e.maxQueued).toBeGreaterThan(0);
  });

  it('refuses after close', async () => {
    const e = new BoundedEmitter(1);
    await new Promise<void>((ok) => e.close(ok));
    const err = await new Promise((ok) => e.emit({ topic: 'x' }, ok));
    expect(err).toBeInstanceOf(Error);
  });
});
