// TFTP packet parsing and option negotiation: exact requests with options, then random, mutated,
// truncated and oversized datagrams are errors or bounded packets and never throw; tftpd-hpa's
// negotiation rules (blksize cut to the maximum, bad values refused, netascii has no tsize).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { negotiate } from './options';
import { ackPacket, dataPacket, errorPacket, MAX_OPTIONS, MAX_STRING_BYTES, oackPacket, parsePacket } from './parser';
import { resolvePath } from './listener';
import { toNetascii } from './session';

const req = (op: number, ...strings: string[]): Uint8Array => Buffer.from([0, op, ...Buffer.from(strings.map((s) => `${s}\0`).join(''), 'latin1')]);

describe('tftp parser', () => {
  it('parses RRQ/WRQ with options, DATA, ACK, ERROR and OACK exactly', () => {
    expect(parsePacket(req(1, 'pxelinux.cfg/default', 'octet', 'blksize', '1024', 'tsize', '0'))).toEqual({
      ok: true, packet: { op: 1, filename: 'pxelinux.cfg/default', mode: 'octet', options: [['blksize', '1024'], ['tsize', '0']] },
    });
    expect(parsePacket(req(2, 'x', 'netascii'))).toEqual({ ok: true, packet: { op: 2, filename: 'x', mode: 'netascii', options: [] } });
    expect(parsePacket(dataPacket(7, Uint8Array.of(1, 2, 3)))).toEqual({ ok: true, packet: { op: 3, block: 7, data: Uint8Array.of(1, 2, 3) } });
    expect(parsePacket(ackPacket(65535))).toEqual({ ok: true, packet: { op: 4, block: 65535 } });
    expect(parsePacket(errorPacket(1, 'File not found'))).toEqual({ ok: true, packet: { op: 5, code: 1, message: 'File not found' } });
    expect(parsePacket(oackPacket([['blksize', '512']]))).toEqual({ ok: true, packet: { op: 6, options: [['blksize', '512']] } });
    expect(parsePacket(Uint8Array.of(0, 0, 1))).toEqual({ ok: true, packet: { op: 'unknown', opcode: 0 } });
  });

  it('refuses unterminated, modeless, odd-option, oversized-string and too-many-option requests', () => {
    expect(parsePacket(Buffer.from('\x00\x01file', 'latin1'))).toEqual({ ok: false, error: 'not_null_terminated' });
    expect(parsePacket(req(1, 'file'))).toEqual({ ok: false, error: 'bad_fields' });
    expect(parsePacket(req(1, 'f', 'octet', 'blksize'))).toEqual({ ok: false, error: 'bad_fields' });
    expect(parsePacket(req(1, 'a'.repeat(MAX_STRING_BYTES + 1), 'octet'))).toEqual({ ok: false, error: 'string_too_long' });
    const many = Array.from({ length: MAX_OPTIONS + 2 }, (_, i) => [`o${i}`, '1']).flat();
    expect(parsePacket(req(1, 'f', 'octet', ...many))).toEqual({ ok: false, error: 'too_many_options' });
    expect(parsePacket(Uint8Array.of(0))).toEqual({ ok: false, error: 'truncated' });
    expect(parsePacket(Uint8Array.of(0, 4, 1))).toEqual({ ok: false, error: 'truncated' });
  });

  it('never throws on random, mutated, truncated or oversized datagrams and keeps strings bounded', () => {
    const seeds = [req(1, 'router-confg', 'octet', 'blksize', '1468'), req(2, 'a/b', 'netascii', 'tsize', '99'), dataPacket(1, new Uint8Array(512)), errorPacket(0, 'x')];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 4096 }),
          fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 6 }), fc.nat({ max: 12 })).map(([b, muts, cut]) => {
            const c = Buffer.from(b);
            for (const [i, v] of muts) c[i % c.length] = v;
            return c.subarray(0, Math.max(0, c.length - cut));
          }),
        ),
        (bytes) => {
          const r = parsePacket(bytes);
          if (!r.ok) return void expect(r.error.length).toBeGreaterThan(0);
          const p = r.packet;
          if (p.op === 1 || p.op === 2) {
            for (const s of [p.filename, p.mode, ...p.options.flat()]) expect(s.length).toBeLessThanOrEqual(MAX_STRING_BYTES);
            expect(p.options.length).toBeLessThanOrEqual(MAX_OPTIONS + 1);
          }
          if (p.op === 5) expect(p.message.length).toBeLessThanOrEqual(MAX_STRING_BYTES);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('tftp negotiation, paths and netascii', () => {
  it('negotiates as tftpd-hpa does', () => {
    expect(negotiate([['blksize', '65464'], ['tsize', '0']], { maxBlksize: 1468, tsize: 4000, write: false })).toEqual({ blksize: 1468, oack: [['blksize', '1468'], ['tsize', '4000']] });
    expect(negotiate([['BLKSIZE', '1024'], ['blksize', '600']], { maxBlksize: 1468, tsize: 1, write: false })).toEqual({ blksize: 1024, oack: [['BLKSIZE', '1024']] });
    expect(negotiate([['blksize2', '1000']], { maxBlksize: 1468, write: false, tsize: 1 }).blksize).toBe(512);
    expect(negotiate([['blksize', '4']], { maxBlksize: 1468, write: false, tsize: 1 }).refused).toBe(true);
    expect(negotiate([['tsize', '0']], { maxBlksize: 1468, write: false }).refused).toBe(true);
    expect(negotiate([['timeout', '0']], { maxBlksize: 1468, write: false, tsize: 1 }).refused).toBe(true);
    expect(negotiate([['multicast', ''], ['windowsize', '8'], ['blksize', 'x']], { maxBlksize: 1468, write: false, tsize: 1 })).toEqual({ blksize: 512, oack: [] });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('blksize', 'tsize', 'timeout', 'utimeout', 'rollover', 'blksize2', 'x'), fc.oneof(fc.nat().map(String), fc.string({ maxLength: 20 }))), { maxLength: 16 }), (opts) => {
        const n = negotiate(opts, { maxBlksize: 1468, tsize: 10, write: false });
        expect(n.blksize).toBeGreaterThanOrEqual(8);
        expect(n.blksize).toBeLessThanOrEqual(1468);
        expect(n.oack.length).toBeLessThanOrEqual(opts.length);
      }),
    );
  });

  it('resolves paths inside the root and converts netascii (RFC 764)', () => {
    expect(resolvePath('/pxelinux.cfg/default', false)).toBe('pxelinux.cfg/default');
    expect(resolvePath('../../etc/passwd', false)).toBe('etc/passwd');
    expect(resolvePath('a/./b//c', false)).toBe('a/b/c');
    expect(resolvePath('boot\\x64\\wdsnbp.com', true)).toBe('boot/x64/wdsnbp.com');
    expect(Buffer.from(toNetascii(Buffer.from('a\nb\rc'))).toString('latin1')).toBe('a\r\nb\r\0c');
  });
});
