import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8ByteLength } from '../util/bytes';
import { SYSLOG_LIMITS } from './constants';
import { formatRfc5424 } from './format';
import { parseRfc5424, sdParamsOf } from './parse';

const TS = '2026-06-20T04:41:07.123Z';
const base = { hostname: 'web-01', appName: 'ssh', msgid: 'auth_attempt', timestamp: TS };

describe('formatRfc5424', () => {
  it('writes the DECNET shape with local0 PRI and the relay@55555 element', () => {
    const line = formatRfc5424({ ...base, params: { src_ip: '203.0.113.9', src_port: 51234, username: 'root' } });
    expect(line).toBe(
      '<134>1 2026-06-20T04:41:07.123Z web-01 ssh - auth_attempt ' +
        '[relay@55555 src_ip="203.0.113.9" src_port="51234" username="root"]',
    );
  });

  it('uses PRI = 128 + severity and falls back to info for bad severities', () => {
    expect(formatRfc5424({ ...base, severity: 3 })).toMatch(/^<131>1 /);
    expect(formatRfc5424({ ...base, severity: 0 })).toMatch(/^<128>1 /);
    expect(formatRfc5424({ ...base, severity: 9 })).toMatch(/^<134>1 /);
    expect(formatRfc5424({ ...base, severity: 2.5 })).toMatch(/^<134>1 /);
  });

  it('writes - for an empty parameter set and appends MSG after a space', () => {
    expect(formatRfc5424({ ...base, msgid: 'startup' })).toBe('<134>1 2026-06-20T04:41:07.123Z web-01 ssh - startup -');
    expect(formatRfc5424({ ...base, msgid: 'command', msg: 'CMD uid=0 cmd=id' })).toBe(
      '<134>1 2026-06-20T04:41:07.123Z web-01 ssh - command - CMD uid=0 cmd=id',
    );
  });

  it('skips null and undefined params and stringifies numbers and booleans', () => {
    const line = formatRfc5424({ ...base, params: { a: null, b: undefined, c: 0, d: false } });
    expect(line).toContain('[relay@55555 c="0" d="false"]');
  });

  it('escapes " \\ and ] in values (RFC 5424 §6.3.3)', () => {
    const line = formatRfc5424({ ...base, params: { cmd: 'echo "a\\b" ]x' } });
    expect(line).toContain('cmd="echo \\"a\\\\b\\" \\]x"');
  });

  it('keeps one event on one line whatever the value holds', () => {
    const line = formatRfc5424({
      ...base,
      params: { cmd: 'ls\r\nrm -rf /\u0000\u2028x\u001b[31m' },
      msg: 'two\nlines\rhere',
    });
    expect(line).not.toMatch(/[\r\n\u0000\u2028\u001b]/);
    const parsed = parseRfc5424(line);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(sdParamsOf(parsed.message, 'relay@55555').cmd).toBe('ls  rm -rf / x [31m');
      expect(parsed.message.msg).toBe('two lines here');
    }
  });

  it('sanitises header fields so the token count never changes', () => {
    const line = formatRfc5424({ hostname: 'evil host\n', appName: '', msgid: 'a b c', timestamp: TS });
    expect(line).toBe('<134>1 2026-06-20T04:41:07.123Z evil_host_ - - a_b_c -');
  });

  it('truncates header fields to their RFC/DECNET maxima', () => {
    const line = formatRfc5424({ hostname: 'h'.repeat(300), appName: 'a'.repeat(60), msgid: 'm'.repeat(40), timestamp: TS });
    const parsed = parseRfc5424(line);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.message.hostname).toHaveLength(255);
    expect(parsed.message.appName).toHaveLength(48);
    expect(parsed.message.msgid).toHaveLength(32);
  });

  it('sanitises parameter names to \\w and 32 chars', () => {
    const line = formatRfc5424({ ...base, params: { 'bad name="x"]': 'v', ['k'.repeat(40)]: 'w', '': 'skipped' } });
    expect(line).toContain(`[relay@55555 bad_name__x__="v" ${'k'.repeat(32)}="w"]`);
  });

  it('caps values at 4096 characters', () => {
    const line = formatRfc5424({ ...base, params: { body: 'x'.repeat(10_000) } });
    const parsed = parseRfc5424(line);
    expect(parsed.ok && sdParamsOf(parsed.message, 'relay@55555').body).toBe('x'.repeat(4096));
  });

  it('never exceeds the line budget, even with many escaped multibyte values', () => {
    const params = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, ']"\\é€😀'.repeat(700)]));
    const line = formatRfc5424({ ...base, params, msg: 'm'.repeat(50_000) });
    expect(utf8ByteLength(line)).toBeLessThanOrEqual(SYSLOG_LIMITS.lineMaxBytes);
    const parsed = parseRfc5424(line);
    expect(parsed.ok).toBe(true);
    // MSG keeps its reserve even though the params alone would fill the line.
    if (parsed.ok) expect(parsed.message.msg?.length).toBeGreaterThanOrEqual(4000);
  });

  it('honours a smaller lineMaxBytes and a params cap', () => {
    const params = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'v']));
    const parsed = parseRfc5424(formatRfc5424({ ...base, params }));
    expect(parsed.ok && parsed.message.structuredData[0]?.params).toHaveLength(64);
    const small = formatRfc5424({ ...base, params: { a: 'x'.repeat(500) } }, { lineMaxBytes: 200 });
    expect(small.length).toBeLessThanOrEqual(200);
    expect(parseRfc5424(small).ok).toBe(true);
  });

  it('accepts Date, epoch ms and valid strings; invalid timestamps become -', () => {
    expect(formatRfc5424({ ...base, timestamp: new Date(0) })).toContain(' 1970-01-01T00:00:00.000Z ');
    expect(formatRfc5424({ ...base, timestamp: 0 })).toContain(' 1970-01-01T00:00:00.000Z ');
    expect(formatRfc5424({ ...base, timestamp: '2026-06-20T04:41:07.123456+00:00' })).toContain(' 2026-06-20T04:41:07.123456+00:00 ');
    expect(formatRfc5424({ ...base, timestamp: 'yesterday' })).toMatch(/^<134>1 - web-01 /);
    expect(formatRfc5424({ ...base, timestamp: new Date(NaN) })).toMatch(/^<134>1 - /);
  });

  it('preserves a leading U+FEFF in MSG across a round trip', () => {
    const parsed = parseRfc5424(formatRfc5424({ ...base, msg: '\uFEFFzero width' }));
    expect(parsed.ok && parsed.message.msg).toBe('\uFEFFzero width');
  });

  it('round-trips arbitrary hostile values and messages (property)', () => {
    const value = fc.string({ unit: 'binary', maxLength: 200 });
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z_]{1,12}$/), value, { maxKeys: 8 }), value, (params, msg) => {
        const line = formatRfc5424({ ...base, params, msg });
        expect(line).not.toMatch(/[\r\n]/);
        const parsed = parseRfc5424(line);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const got = sdParamsOf(parsed.message, 'relay@55555');
        expect(Object.keys(got)).toEqual(Object.keys(params));
        for (const [k, v] of Object.entries(params)) {
          // Values without control characters or lone surrogates come back byte-identical.
          if (!/[\x00-\x1f\x7f-\x9f\u2028\u2029\uD800-\uDFFF]/.test(v)) expect(got[k]).toBe(v);
        }
      }),
      { numRuns: 300 },
    );
  });
});
