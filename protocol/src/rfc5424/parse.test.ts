import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRfc5424, sdParamsOf } from './parse';

function ok(line: string) {
  const r = parseRfc5424(line);
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.message;
}

function err(line: string) {
  const r = parseRfc5424(line);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('parseRfc5424', () => {
  it('parses a DECNET line (Python isoformat timestamp, relay@55555 params, MSG)', () => {
    const m = ok('<134>1 2026-06-20T04:41:07.123456+00:00 web-01 ssh - auth_attempt [relay@55555 username="root" src_ip="1.2.3.4"] hello world');
    expect(m).toMatchObject({
      pri: 134,
      facility: 16,
      severity: 6,
      timestamp: '2026-06-20T04:41:07.123456+00:00',
      hostname: 'web-01',
      appName: 'ssh',
      procId: null,
      msgid: 'auth_attempt',
      msg: 'hello world',
      msgHasBom: false,
    });
    expect(m.structuredData).toEqual([{ id: 'relay@55555', params: [['username', 'root'], ['src_ip', '1.2.3.4']] }]);
  });

  it('accepts NILVALUE everywhere and no MSG', () => {
    const m = ok('<0>1 - - - - - -');
    expect(m).toMatchObject({ timestamp: null, hostname: null, appName: null, procId: null, msgid: null, msg: null });
    expect(m.structuredData).toEqual([]);
  });

  it('accepts several SD elements and repeated params', () => {
    const m = ok('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"][x@1 a="1" a="2"]');
    expect(m.structuredData.map((e) => e.id)).toEqual(['exampleSDID@32473', 'examplePriority@32473', 'x@1']);
    expect(sdParamsOf(m, 'x@1')).toEqual({ a: '2' });
    expect(m.msg).toBeNull();
  });

  it('strips a UTF-8 BOM before MSG and reports it (§6.4)', () => {
    const m = ok('<34>1 2003-10-11T22:14:15.003Z host su - ID47 - \uFEFF\'su root\' failed for lonvick on /dev/pts/8');
    expect(m.msg).toBe("'su root' failed for lonvick on /dev/pts/8");
    expect(m.msgHasBom).toBe(true);
  });

  it('unescapes \\" \\\\ \\] and keeps other backslashes literal', () => {
    const m = ok('<134>1 - h a - m [x@1 v="q\\"b\\\\s\\]e\\n"]');
    expect(sdParamsOf(m, 'x@1').v).toBe('q"b\\s]e\\n');
  });

  it('accepts an unescaped ] inside a quoted value and unicode everywhere in values', () => {
    const m = ok('<134>1 - h a - m [x@1 v="a]b" u="Ünïcødé 😀"] ✓');
    expect(sdParamsOf(m, 'x@1')).toEqual({ v: 'a]b', u: 'Ünïcødé 😀' });
    expect(m.msg).toBe('✓');
  });

  it('tolerates one trailing newline (CRLF or LF)', () => {
    expect(ok('<134>1 - h a - m - body\r\n').msg).toBe('body');
    expect(ok('<134>1 - h a - m -\n').msg).toBeNull();
  });

  it('keeps a real PROCID', () => {
    expect(ok('<38>1 2026-01-01T00:00:00Z deck sshd 4242 - - Failed password').procId).toBe('4242');
  });

  it.each([
    ['', 'empty'],
    ['hello', 'bad_pri'],
    ['<192>1 - - - - - -', 'bad_pri'],
    ['<13>2 - - - - - -', 'bad_version'],
    ['<13>1 - - -', 'bad_header'],
    ['<13>1 2026-13-01T00:00:00Z h a - m -', 'bad_timestamp'],
    ['<13>1 2026-01-01 h a - m -', 'bad_timestamp'],
    ['<13>1 - h a - m x', 'bad_structured_data'],
    ['<13>1 - h a - m [x@1 a="1"', 'bad_structured_data'],
    ['<13>1 - h a - m [x@1 a="1]', 'bad_structured_data'],
    ['<13>1 - h a - m [x@1 a=1]', 'bad_structured_data'],
    ['<13>1 - h a - m [ a="1"]', 'bad_structured_data'],
    ['<13>1 - h a - m -x', 'bad_structured_data'],
    ['<13>1 - h a - m [x@1 a="1"]x', 'bad_structured_data'],
    [`<13>1 - h a - ${'m'.repeat(33)} -`, 'bad_header'],
    [`<13>1 - h a - m [x@1 ${'n'.repeat(33)}="1"]`, 'bad_structured_data'],
    ['<13>1 - h\u00e9 a - m -', 'bad_header'],
  ])('rejects %j with %s', (line, code) => {
    expect(err(line).code).toBe(code);
  });

  it('rejects overlong input before doing any work', () => {
    expect(err('<13>1 - h a - m - ' + 'x'.repeat(70_000)).code).toBe('too_long');
    expect(parseRfc5424('<13>1 - h a - m - ' + 'x'.repeat(70_000), { maxChars: 100_000 }).ok).toBe(true);
  });

  it('never throws on garbage (property)', () => {
    const prefix = fc.constantFrom('', '<134>1 ', '<134>1 - h a - m ', '<134>1 - h a - m [x@1 ');
    fc.assert(
      fc.property(prefix, fc.string({ unit: 'binary', maxLength: 300 }), (p, s) => {
        const r = parseRfc5424(p + s);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.error.code).not.toBe('internal');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on non-string input', () => {
    expect(parseRfc5424(undefined as unknown as string).ok).toBe(false);
    expect(parseRfc5424(42 as unknown as string).ok).toBe(false);
  });
});
