// HASSH-server probe (Salesforce HASSH, BSD-3): connect, wait for the server's identification line
// (RFC 4253 §4.2), answer with a client banner and a KEXINIT (§7.1), read the server's KEXINIT and
// hash it with the sniffer's parser. Bounded: 72 KiB read, one deadline for the whole exchange.
import { randomBytes } from 'node:crypto';
import { hasshServer, parseSshStart } from '../sniffer/ssh-kex';
import { exchange } from './tcp';

export const CLIENT_BANNER = 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3';
const CLIENT_LISTS = [
  'curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,diffie-hellman-group14-sha256,diffie-hellman-group14-sha1,diffie-hellman-group1-sha1,ext-info-c',
  'ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256,ssh-rsa',
  ...Array(2).fill('chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-cbc,3des-cbc'),
  ...Array(2).fill('hmac-sha2-256-etm@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1'),
  ...Array(2).fill('none,zlib@openssh.com'),
  '', '',
];

/** A client KEXINIT packet (RFC 4253 §6: length, padding length, payload, >= 4 padding bytes, block of 8). */
export function clientKexinit(): Buffer {
  const lists = CLIENT_LISTS.map((l) => {
    const b = Buffer.from(l, 'latin1');
    const n = Buffer.alloc(4);
    n.writeUInt32BE(b.length);
    return Buffer.concat([n, b]);
  });
  const payload = Buffer.concat([Buffer.from([20]), randomBytes(16), ...lists, Buffer.from([0, 0, 0, 0, 0])]);
  let pad = 8 - ((5 + payload.length) % 8);
  if (pad < 4) pad += 8;
  const head = Buffer.alloc(5);
  head.writeUInt32BE(1 + payload.length + pad);
  head[4] = pad;
  return Buffer.concat([head, payload, Buffer.alloc(pad)]);
}

export type SshProbeResult =
  | { kind: 'ssh'; banner: string; hassh: string; algorithms: string; hostKeyAlgorithms: string }
  | { kind: 'not_ssh'; firstBytes: number }
  | { kind: 'no_answer' | 'error'; message: string };

const MAX_READ = 72 * 1024;

/** Probes host:port; `bannerWaitMs` bounds the wait for a server-first identification line. */
export async function sshProbe(host: string, port: number, timeoutMs: number, bannerWaitMs: number, signal?: AbortSignal): Promise<SshProbeResult> {
  let answered = false;
  let verdict: ReturnType<typeof parseSshStart> = { kind: 'more' };
  const r = await exchange({ host, port, maxBytes: MAX_READ, timeoutMs, firstByteTimeoutMs: bannerWaitMs, signal }, (buf, s) => {
    verdict = parseSshStart(buf);
    if (verdict.kind !== 'more') return buf.length;
    if (!answered && buf.includes(0x0a) && /(^|\n)SSH-/.test(buf.toString('latin1'))) {
      answered = true;
      s.write(Buffer.concat([Buffer.from(`${CLIENT_BANNER}\r\n`, 'latin1'), clientKexinit()]));
    }
    return undefined;
  });
  const v = verdict as ReturnType<typeof parseSshStart>;
  if (v.kind === 'kex') {
    const h = hasshServer(v.kex);
    return { kind: 'ssh', banner: v.kex.banner, hassh: h.hassh, algorithms: h.algorithms, hostKeyAlgorithms: v.kex.hostKey };
  }
  if (r.kind === 'error') return { kind: 'error', message: r.message };
  if (r.data.length === 0) return { kind: 'no_answer', message: r.kind === 'timeout' ? 'no data before the deadline' : 'closed without data' };
  return { kind: 'not_ssh', firstBytes: r.data.length };
}
