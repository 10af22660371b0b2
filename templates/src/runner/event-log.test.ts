// The bound event log and the connection limiter as units: header fields, reserved names after
// sanitisation, severity, strict MSGID checks; per-IP/total caps and once-per-window reporting.
import { describe, expect, it } from 'vitest';
import { parseDecnetLine } from '@decnet/protocol';
import { safeArtifactName } from './artifacts';
import { ConnLimiter } from './conn-limits';
import { EventLog, UnknownMsgidError } from './event-log';

describe('EventLog', () => {
  const lines: string[] = [];
  const log = new EventLog({ decky: 'decky-9', out: (l) => lines.push(l), strictMsgids: true, now: () => new Date('2026-01-02T03:04:05.678Z') });

  it('writes DECNET lines with reserved fields first and unforgeable', () => {
    const emit = log.bind({ service: 'ssh', srcIp: '198.51.100.4', srcPort: 40000, sessionId: 'abc' });
    emit('auth_attempt', { 'src-ip': '1.1.1.1', SRC_PORT: 1, session_id: 'x', decky: 'y', principal: 'root', note: 'a"b]c\\' }, 'free text');
    const line = lines.at(-1) ?? '';
    expect(line).toBe('<134>1 2026-01-02T03:04:05.678Z decky-9 ssh - auth_attempt [relay@55555 src_ip="198.51.100.4" src_port="40000" session_id="abc" principal="root" note="a\\"b\\]c\\\\"] free text');
    const rec = parseDecnetLine(line);
    expect(rec.kind === 'record' && rec.record.attackerIp).toBe('198.51.100.4');
  });

  it('uses severity err for error events and throws on unknown MSGIDs in strict mode', () => {
    log.write({ service: 'telnet' }, 'error', { error: 'x' });
    expect(lines.at(-1)).toMatch(/^<131>1 /);
    expect(() => log.write({ service: 'telnet' }, 'no_such_msgid')).toThrow(UnknownMsgidError);
    expect(log.unknownMsgids.has('telnet:no_such_msgid')).toBe(true);
    const lax = new EventLog({ decky: 'd', out: () => undefined, strictMsgids: false });
    expect(() => lax.write({ service: 'telnet' }, 'whatever')).not.toThrow();
  });
});

describe('ConnLimiter', () => {
  it('caps per address and in total, and reports one refusal per address per window', () => {
    let t = 0;
    const lim = new ConnLimiter({ perIpMaxConnections: 2, maxConnections: 3, reportWindowMs: 1000, now: () => t });
    const a1 = lim.admit('a');
    const a2 = lim.admit('a');
    expect(a1.ok && a2.ok).toBe(true);
    expect(lim.admit('a')).toMatchObject({ ok: false, limit: 'per_ip', report: true });
    expect(lim.admit('a')).toMatchObject({ ok: false, report: false, refusedInWindow: 2 });
    expect(lim.admit('b').ok).toBe(true);
    expect(lim.admit('c')).toMatchObject({ ok: false, limit: 'total', report: true });
    t = 1500;
    expect(lim.admit('a')).toMatchObject({ ok: false, report: true });
    if (a1.ok) {
      a1.release();
      a1.release();
    }
    expect(lim.active).toBe(2);
    expect(lim.admit('a').ok).toBe(true);
  });

  it('keeps its refusal table bounded', () => {
    const lim = new ConnLimiter({ perIpMaxConnections: 0, maxConnections: 10, reportWindowMs: 60_000 });
    for (let i = 0; i < 20_000; i++) lim.admit(`10.0.${i >> 8}.${i & 255}`);
    expect((lim as unknown as { reported: Map<string, unknown> }).reported.size).toBeLessThanOrEqual(4096);
  });
});

describe('safeArtifactName', () => {
  it('keeps attacker file names harmless', () => {
    expect(safeArtifactName('../../etc/passwd')).toBe('passwd');
    expect(safeArtifactName('..')).toBe('upload');
    expect(safeArtifactName('.bashrc')).toBe('bashrc');
    expect(safeArtifactName('a b$(x).sh')).toBe('a_b__x_.sh');
    expect(safeArtifactName('x'.repeat(500))).toHaveLength(64);
  });
});
