// Test-only NTLM client side: MD4 (RFC 1320; OpenSSL 3 drops it), NTOWFv2 and NTProofStr per
// MS-NLMP §3.3.2, and NEGOTIATE/AUTHENTICATE builders, to prove a captured hash is crackable.
import { createHmac } from 'node:crypto';

export function md4(input: Buffer): Buffer {
  const len = input.length;
  const padded = Buffer.alloc((((len + 8) >> 6) + 1) * 64);
  input.copy(padded);
  padded[len] = 0x80;
  padded.writeUInt32LE((len * 8) >>> 0, padded.length - 8);
  padded.writeUInt32LE(Math.floor(len / 0x20000000), padded.length - 4);
  let [a, b, c, d] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;
  const F = (x: number, y: number, z: number): number => (x & y) | (~x & z);
  const G = (x: number, y: number, z: number): number => (x & y) | (x & z) | (y & z);
  const H = (x: number, y: number, z: number): number => x ^ y ^ z;
  for (let off = 0; off < padded.length; off += 64) {
    const X = Array.from({ length: 16 }, (_, i) => padded.readUInt32LE(off + i * 4));
    const [aa, bb, cc, dd] = [a, b, c, d];
    const r1 = [3, 7, 11, 19];
    for (let i = 0; i < 16; i++) {
      const t = rotl((a + F(b, c, d) + X[i]!) >>> 0, r1[i % 4]!);
      [a, b, c, d] = [d, t, b, c];
    }
    const r2 = [3, 5, 9, 13];
    const o2 = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
    for (let i = 0; i < 16; i++) {
      const t = rotl((a + G(b, c, d) + X[o2[i]!]! + 0x5a827999) >>> 0, r2[i % 4]!);
      [a, b, c, d] = [d, t, b, c];
    }
    const r3 = [3, 9, 11, 15];
    const o3 = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];
    for (let i = 0; i < 16; i++) {
      const t = rotl((a + H(b, c, d) + X[o3[i]!]! + 0x6ed9eba1) >>> 0, r3[i % 4]!);
      [a, b, c, d] = [d, t, b, c];
    }
    a = (a + aa) >>> 0;
    b = (b + bb) >>> 0;
    c = (c + cc) >>> 0;
    d = (d + dd) >>> 0;
  }
  const out = Buffer.alloc(16);
  [a, b, c, d].forEach((v, i) => out.writeUInt32LE(v, i * 4));
  return out;
}

const hmac = (key: Buffer, ...data: Buffer[]): Buffer => createHmac('md5', key).update(Buffer.concat(data)).digest();

/** NTOWFv2(password, user, domain) = HMAC_MD5(MD4(UNICODE(pw)), UNICODE(UPPER(user) + domain)). */
export function ntowfV2(password: string, user: string, domain: string): Buffer {
  return hmac(md4(Buffer.from(password, 'utf16le')), Buffer.from(user.toUpperCase() + domain, 'utf16le'));
}

/** NTProofStr = HMAC_MD5(NTOWFv2, serverChallenge + blob) (MS-NLMP §3.3.2). */
export function ntProofStr(password: string, user: string, domain: string, serverChallenge: Buffer, blob: Buffer): Buffer {
  return hmac(ntowfV2(password, user, domain), serverChallenge, blob);
}

/** Verifies a hashcat -m 5600 line against a known password, as hashcat would. */
export function verifyNetNtlmV2(line: string, password: string): boolean {
  const [user = '', , domain = '', chal = '', proof = '', blob = ''] = line.split(':');
  return ntProofStr(password, user, domain, Buffer.from(chal, 'hex'), Buffer.from(blob, 'hex')).toString('hex') === proof.toLowerCase();
}

export function negotiateMessage(flags = 0xe2088297): Buffer {
  const b = Buffer.alloc(40);
  b.write('NTLMSSP\0', 0, 'latin1');
  b.writeUInt32LE(1, 8);
  b.writeUInt32LE(flags >>> 0, 12);
  b.writeUInt32LE(40, 20);
  b.writeUInt32LE(40, 28);
  b[32] = 10;
  b.writeUInt16LE(19041, 34);
  b[39] = 15;
  return b;
}

/** AUTHENTICATE with an NTLMv2 response computed from the password over the server's target info. */
export function authenticateMessage(o: { user: string; domain: string; workstation?: string; password?: string; serverChallenge: Buffer; targetInfo?: Buffer; flags?: number }): Buffer {
  let nt = Buffer.alloc(0);
  let lm = Buffer.alloc(0);
  if (o.password !== undefined) {
    const blob = Buffer.concat([Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]), Buffer.alloc(8, 0x11), Buffer.from('cafebabe01234567', 'hex'), Buffer.alloc(4), o.targetInfo ?? Buffer.alloc(4), Buffer.alloc(4)]);
    nt = Buffer.concat([ntProofStr(o.password, o.user, o.domain, o.serverChallenge, blob), blob]);
    lm = Buffer.alloc(24);
  } else lm = Buffer.alloc(1);
  const fields = [lm, nt, Buffer.from(o.domain, 'utf16le'), Buffer.from(o.user, 'utf16le'), Buffer.from(o.workstation ?? 'KALI', 'utf16le'), Buffer.alloc(0)];
  const head = Buffer.alloc(88);
  head.write('NTLMSSP\0', 0, 'latin1');
  head.writeUInt32LE(3, 8);
  let off = 88;
  fields.forEach((f, i) => {
    head.writeUInt16LE(f.length, 12 + i * 8);
    head.writeUInt16LE(f.length, 14 + i * 8);
    head.writeUInt32LE(off, 16 + i * 8);
    off += f.length;
  });
  head.writeUInt32LE((o.flags ?? 0xe2888215) >>> 0, 60);
  head[64] = 10;
  head.writeUInt16LE(19041, 66);
  head[71] = 15;
  return Buffer.concat([head, ...fields]);
}
