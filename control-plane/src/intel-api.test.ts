// Collection and intelligence through the real agent API: events in, then attackers, sessions,
// commands, credentials (with kinds), reuse findings, artifacts, profile, stats, exports and the
// live stream come out of the query API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialFields } from '@decnet/protocol';
import { startHarness, type Harness } from './testing/agent-harness';

let h: Harness;
let send: (events: object[]) => Promise<{ status: number; body: Record<string, any> }>;
const ATTACKER = '198.51.100.23';
const SCANNER = '203.0.113.99';
let n = 0;
const t0 = Date.now() - 300_000; // every event offset (<= 101 s) lies in the past

function ev(ip: string, decky: string, service: string, eventType: string, fields: Record<string, string> = {}, offsetS = n) {
  n++;
  return { id: `intel-${n}-${Math.random().toString(16).slice(2)}`, ts: new Date(t0 + offsetS * 1000).toISOString(), decky, service, eventType, srcIp: ip, srcPort: 40000 + n, fields, raw: `<134>1 - ${decky} ${service} - ${eventType} -` };
}
const cred = (user: string, pw: string, outcome: string) => credentialFields(user, pw, 'plaintext', outcome) as unknown as Record<string, string>;

beforeAll(async () => {
  h = await startHarness();
  const a = await h.enroll('sensor-intel');
  const d = h.mtls(a.certificatePem, a.keyPem);
  send = (events) => h.agentCall(d, '/agent/v1/events', { events });
  // An SSH session on web-01: two wrong passwords, a right one, then commands typed by a person.
  const s1 = { session_id: 's-1' };
  await send([
    ev(ATTACKER, 'web-01', 'ssh', 'connect', { ...s1, client_banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2' }, 0),
    ev(ATTACKER, 'web-01', 'ssh', 'auth_attempt', { ...s1, ...cred('root', 'toor', 'failure') }, 2),
    ev(ATTACKER, 'web-01', 'ssh', 'auth_attempt', { ...s1, ...cred('root', '123456', 'failure') }, 4),
    ev(ATTACKER, 'web-01', 'ssh', 'auth_attempt', { ...s1, ...cred('root', 'Winter2024!', 'success') }, 7),
    ev(ATTACKER, 'web-01', 'ssh', 'command', { ...s1, cmd: 'uname -a', user: 'root' }, 12),
    ev(ATTACKER, 'web-01', 'ssh', 'command', { ...s1, cmd: 'cat /etc/passwd', user: 'root' }, 19),
    ev(ATTACKER, 'web-01', 'ssh', 'command', { ...s1, cmd: 'echo "* * * * * root /tmp/x" >> /etc/crontab', user: 'root' }, 41),
    ev(ATTACKER, 'web-01', 'ssh', 'file_captured', { ...s1, sha256: 'a'.repeat(64), size: '1234', orig_path: '/tmp/x', stored_as: 'ab/cd' }, 50),
    ev(ATTACKER, 'web-01', 'ssh', 'disconnect', { ...s1 }, 58),
  ]);
  // The same password on another decky and service: a reuse finding.
  await send([ev(ATTACKER, 'db-01', 'mysql', 'auth', { session_id: 's-2', ...cred('root', 'Winter2024!', 'failure') }, 70)]);
  // A scanner touching several services quickly.
  await send(['http', 'ftp', 'redis', 'smtp'].map((svc, i) => ev(SCANNER, 'web-01', svc, svc === 'http' ? 'request' : 'connect', { session_id: `scan-${i}`, user_agent: 'Mozilla/5.0 zgrab/0.x' }, i)));
});
afterAll(() => h?.close());

describe('intelligence API', () => {
  it('folds events into attackers with profile, traversal and phases', async () => {
    const list = await h.api('/api/v1/attackers?sort=events');
    expect(list.status).toBe(200);
    const a = list.body.items.find((x: { ip: string }) => x.ip === ATTACKER);
    expect(a).toMatchObject({ eventCount: 10, isTraversal: true, credentialCount: 4, sessionCount: 2, behaviorClass: 'interactive' });
    expect(a.services.sort()).toEqual(['mysql', 'ssh']);
    expect(a.phases).toEqual(expect.arrayContaining(['reconnaissance', 'credential_access', 'execution', 'discovery', 'persistence']));
    expect(a.toolGuesses).toContain('OpenSSH client');
    const s = list.body.items.find((x: { ip: string }) => x.ip === SCANNER);
    expect(s).toMatchObject({ behaviorClass: 'scanning', isTraversal: false });
    expect(s.toolGuesses).toContain('ZGrab');
  });

  it('returns the attacker detail with sessions, commands, credentials and artifacts', async () => {
    const id = (await h.api('/api/v1/attackers')).body.items.find((x: { ip: string }) => x.ip === ATTACKER).id;
    const d = (await h.api(`/api/v1/attackers/${id}`)).body;
    const ssh = d.sessions.find((s: { service: string }) => s.service === 'ssh');
    expect(ssh).toMatchObject({ decky: 'web-01', commandCount: 3, durationMs: 58_000 });
    expect(ssh.commands.map((c: { cmd: string }) => c.cmd)).toEqual(['uname -a', 'cat /etc/passwd', 'echo "* * * * * root /tmp/x" >> /etc/crontab']);
    expect(d.commands).toHaveLength(3);
    expect(d.credentials.map((c: { secretPrintable: string }) => c.secretPrintable).sort()).toEqual(['123456', 'Winter2024!', 'toor']);
    expect(d.credentials.find((c: { secretPrintable: string }) => c.secretPrintable === 'Winter2024!')).toMatchObject({ kind: 'plaintext', outcome: 'success', attempts: 2 });
    expect(d.artifacts).toEqual([expect.objectContaining({ sha256: 'a'.repeat(64), size: 1234, name: '/tmp/x' })]);
    expect(d.attacker.profile.timing.count).toBeGreaterThan(5);
    expect((await h.api('/api/v1/attackers/ffffffffffffffffffffffffffffffff')).status).toBe(404);
  });

  it('reports credential reuse across deckies and services', async () => {
    const reuse = (await h.api('/api/v1/credentials/reuse')).body.items;
    expect(reuse).toHaveLength(1);
    expect(reuse[0]).toMatchObject({ principal: 'root', secretPrintable: 'Winter2024!', targetCount: 2, attackerIps: [ATTACKER] });
    expect(reuse[0].deckies.sort()).toEqual(['db-01', 'web-01']);
    const creds = await h.api('/api/v1/credentials?q=winter');
    expect(creds.body.total).toBe(1);
  });

  it('does not fold a re-sent batch twice', async () => {
    const e = ev(ATTACKER, 'web-01', 'ssh', 'connect', { session_id: 's-9' }, 80);
    await send([e]);
    await send([e]);
    const a = (await h.api('/api/v1/attackers')).body.items.find((x: { ip: string }) => x.ip === ATTACKER);
    expect(a.eventCount).toBe(11);
  });

  it('pages events with filters and a keyset cursor, and counts them in stats and histograms', async () => {
    const p1 = await h.api(`/api/v1/events?srcIp=${ATTACKER}&limit=4`);
    expect(p1.body.items).toHaveLength(4);
    const p2 = await h.api(`/api/v1/events?srcIp=${ATTACKER}&limit=4&cursor=${encodeURIComponent(p1.body.nextCursor)}`);
    const ids = new Set([...p1.body.items, ...p2.body.items].map((e: { id: string }) => e.id));
    expect(ids.size).toBe(8);
    expect((await h.api('/api/v1/events?q=crontab')).body.items).toHaveLength(0); // q searches raw lines
    expect((await h.api('/api/v1/events?eventType=command')).body.items).toHaveLength(3);
    expect((await h.api('/api/v1/events?cursor=%%%')).status).toBe(422);
    const stats = (await h.api('/api/v1/stats')).body;
    expect(stats).toMatchObject({ events: 15, attackers: 2 });
    expect(stats.topServices[0]).toEqual({ service: 'ssh', count: 10 });
    const hist = (await h.api('/api/v1/events/histogram?intervalS=60')).body;
    expect(hist.buckets.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(15);
  });

  it('exports attackers as CSV with formula injection neutralised, and JSON', async () => {
    await send([ev('192.0.2.66', 'web-01', 'http', 'request', { session_id: 'x', user_agent: '=HYPERLINK("http://evil")' }, 90)]);
    expect((await fetch(`${h.cp.url}/api/v1/attackers/export?format=csv`)).status).toBe(401);
    const id = (await h.api('/api/v1/attackers?q=192.0.2.66')).body.items[0].id;
    const res = await h.raw(`/api/v1/attackers/${id}/export?format=csv`);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="attacker-192.0.2.66.csv"');
    const csv = await res.text();
    expect(csv.split('\r\n')[0]).toBe('ts,decky,service,event_type,src_ip,src_port,fields,msg');
    expect(csv).toContain(`"{""session_id"":""x"",""user_agent"":""=HYPERLINK(\\""http://evil\\"")""}"`);
    const all = await (await h.raw('/api/v1/attackers/export?format=csv')).text();
    expect(all).toContain('192.0.2.66');
    const json = JSON.parse(await (await h.raw(`/api/v1/attackers/${id}/export?format=json`)).text());
    expect(json.attacker.ip).toBe('192.0.2.66');
  });

  it('streams new events over SSE with single-use tickets and resumes from Last-Event-ID', async () => {
    const ticket = (await h.api('/api/v1/stream/ticket', {})).body.ticket as string;
    const ac = new AbortController();
    const res = await fetch(`${h.cp.url}/api/v1/stream?ticket=${ticket}`, { signal: ac.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const readUntil = async (pred: (t: string) => boolean) => {
      const dec = new TextDecoder();
      while (!pred(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += dec.decode(value);
      }
    };
    await readUntil((t) => t.includes('event: ready'));
    await send([ev('192.0.2.77', 'web-01', 'ssh', 'connect', { session_id: 'live-1' }, 100), ev('192.0.2.77', 'web-01', 'ssh', 'disconnect', { session_id: 'live-1' }, 101)]);
    await readUntil((t) => (t.match(/event: event/g) ?? []).length >= 2);
    ac.abort();
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids).toHaveLength(2);
    expect(text).toContain('"srcIp":"192.0.2.77"');
    // The ticket was single-use.
    expect((await fetch(`${h.cp.url}/api/v1/stream?ticket=${ticket}`)).status).toBe(401);
    expect((await fetch(`${h.cp.url}/api/v1/stream`)).status).toBe(401);
    // Resume after the first id: only the second event comes back (bearer auth this time).
    const ac2 = new AbortController();
    const res2 = await h.raw('/api/v1/stream', { headers: { 'last-event-id': String(ids[0]) }, signal: ac2.signal });
    const r2 = res2.body!.getReader();
    let t2 = '';
    while (!t2.includes('event: event')) t2 += new TextDecoder().decode((await r2.read()).value);
    ac2.abort();
    expect(t2).toContain(`id: ${ids[1]}`);
    expect(t2).not.toContain(`id: ${ids[0]}\n`);
  });

  it('folds sniffer and prober fingerprints into the attacker, and flags a rotated client fingerprint', async () => {
    const ip = '192.0.2.77';
    const hello = (ja4: string, ja3: string, at: number) => ev(ip, 'web-01', 'sniffer', 'tls_client_hello', { ja4, ja3, ja3_string: '771,4865,0,29,0', tls_version: 'TLSv1.3', sni: 'web-01' }, at);
    const res = await send([
      ev(ip, 'web-01', 'sniffer', 'tcp_syn_fingerprint', { os_guess: 'Linux 3.11 and newer', signature: '4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0' }, 80),
      hello('t13d1516h2_8daaf6152771_e5627efa2ab1', 'a'.repeat(32), 81),
      hello('t13d1516h2_8daaf6152771_e5627efa2ab1', 'a'.repeat(32), 82),
      hello('t12d1209h2_d34a8e72043a_b39be8c56a14', 'b'.repeat(32), 95),
      ev(ip, 'web-01', 'sniffer', 'ssh_client_banner', { client_banner: 'SSH-2.0-Go', hassh: 'c'.repeat(32) }, 96),
      ev(ip, 'web-01', 'sniffer', 'ipv6_link_local_leak', { scope: 'global', eui64: 'true', mac: '00:1b:21:3a:4b:5c', oui: '00:1b:21', seen_in: 'tcp' }, 97),
      ev(ip, 'web-01', 'prober', 'prober_result', { jarm: '2ad2ad0002ad2ad22c2ad2ad2ad2ad2eac92ec34bcc0cf7520e97547f83e81', hassh_server: 'd'.repeat(32) }, 99),
    ]);
    expect(res.status).toBe(200);
    const a = (await h.api('/api/v1/attackers')).body.items.find((x: { ip: string }) => x.ip === ip);
    const d = (await h.api(`/api/v1/attackers/${a.id}`)).body;
    const fp = (kind: string) => d.fingerprints.filter((f: { kind: string }) => f.kind === kind).map((f: { value: string; count: number }) => [f.value, f.count]);
    expect(fp('ja4').sort()).toEqual([['t12d1209h2_d34a8e72043a_b39be8c56a14', 1], ['t13d1516h2_8daaf6152771_e5627efa2ab1', 2]]);
    expect(fp('ja3')).toHaveLength(2);
    expect(fp('os')).toEqual([['Linux 3.11 and newer', 1]]);
    expect(fp('hassh')).toEqual([['c'.repeat(32), 1]]);
    expect(fp('jarm')).toHaveLength(1);
    expect(fp('hassh_server')).toEqual([['d'.repeat(32), 1]]);
    expect(fp('mac')).toEqual([['00:1b:21:3a:4b:5c', 1]]);
    expect(d.findings.map((f: { type: string; kind: string }) => `${f.type}:${f.kind}`).sort()).toEqual(['fingerprint_rotated:ja3', 'fingerprint_rotated:ja4']);
  });
});
