// Server TDS messages before login (MS-TDS): the PRELOGIN response (§2.2.6.5) in the option order
// SQL Server uses, ERROR (§2.2.7.10), SSPI (§2.2.7.22) and DONE (§2.2.7.6) tokens, and the
// encryption negotiation table of §2.2.6.5 (ENCRYPT_OFF/ON/NOT_SUP/REQ).
import { OPT } from './parser';

export const ENC = { OFF: 0, ON: 1, NOT_SUP: 2, REQ: 3 } as const;
export type ServerEncryption = 'login' | 'force' | 'none';

/** The server's ENCRYPTION answer for the client's, per the §2.2.6.5 table. */
export function negotiateEncryption(server: ServerEncryption, client: number): number {
  const c = client & 0x0f;
  if (server === 'none') return ENC.NOT_SUP;
  if (server === 'force') return c === ENC.NOT_SUP || c === ENC.OFF ? ENC.REQ : ENC.ON;
  if (c === ENC.NOT_SUP) return ENC.NOT_SUP;
  return c === ENC.OFF ? ENC.OFF : ENC.ON;
}

/** TDS packets of one message: 4096-byte packets, EOM on the last. */
export function packets(type: number, payload: Buffer, packetSize = 4096): Buffer {
  const out: Buffer[] = [];
  const chunk = packetSize - 8;
  let id = 1;
  for (let o = 0; o === 0 || o < payload.length; o += chunk) {
    const part = payload.subarray(o, o + chunk);
    const last = o + chunk >= payload.length;
    const h = Buffer.alloc(8);
    h[0] = type;
    h[1] = last ? 0x01 : 0x00;
    h.writeUInt16BE(part.length + 8, 2);
    h[6] = id++ & 0xff;
    out.push(h, part);
  }
  return Buffer.concat(out);
}

/** VERSION, ENCRYPTION, INSTOPT, THREADID (empty), and MARS when the client sent it. */
export function preloginResponse(version: readonly number[], encryption: number, mars: boolean): Buffer {
  const opts: Array<[number, Buffer]> = [
    [OPT.VERSION, Buffer.from([version[0] ?? 0, version[1] ?? 0, ((version[2] ?? 0) >> 8) & 0xff, (version[2] ?? 0) & 0xff, 0, 0])],
    [OPT.ENCRYPTION, Buffer.from([encryption])],
    [OPT.INSTOPT, Buffer.from([0])],
    [OPT.THREADID, Buffer.alloc(0)],
  ];
  if (mars) opts.push([OPT.MARS, Buffer.from([0])]);
  const head = Buffer.alloc(opts.length * 5 + 1);
  let off = head.length;
  opts.forEach(([token, data], i) => {
    head[i * 5] = token;
    head.writeUInt16BE(off, i * 5 + 1);
    head.writeUInt16BE(data.length, i * 5 + 3);
    off += data.length;
  });
  head[head.length - 1] = OPT.TERMINATOR;
  return Buffer.concat([head, ...opts.map(([, d]) => d)]);
}

const usVarchar = (s: string): Buffer => {
  const b = Buffer.from(s, 'utf16le');
  const l = Buffer.alloc(2);
  l.writeUInt16LE(b.length / 2);
  return Buffer.concat([l, b]);
};
const bVarchar = (s: string): Buffer => Buffer.concat([Buffer.from([Math.min(255, s.length)]), Buffer.from(s.slice(0, 255), 'utf16le')]);

/** TDS 7.2 (SQL Server 2005) widened LineNumber and DONE's row count; older clients get the 7.1 layout. */
export const TDS72 = 0x72090002;

/** ERROR token (0xAA): 4-byte LineNumber for TDS 7.2+ clients, 2-byte before. */
export function errorToken(number: number, state: number, cls: number, message: string, serverName: string, tdsVersion = TDS72, line = 1): Buffer {
  const fixed = Buffer.alloc(6);
  fixed.writeUInt32LE(number, 0);
  fixed[4] = state;
  fixed[5] = cls;
  const ln = Buffer.alloc(tdsVersion >= TDS72 ? 4 : 2);
  if (ln.length === 4) ln.writeUInt32LE(line);
  else ln.writeUInt16LE(line);
  const body = Buffer.concat([fixed, usVarchar(message), bVarchar(serverName), bVarchar(''), ln]);
  const head = Buffer.alloc(3);
  head[0] = 0xaa;
  head.writeUInt16LE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** DONE token (0xFD) with DONE_ERROR; the row count is 8 bytes for TDS 7.2+, 4 before. */
export function doneError(tdsVersion = TDS72): Buffer {
  return Buffer.concat([Buffer.from([0xfd, 0x02, 0x00, 0x00, 0x00]), Buffer.alloc(tdsVersion >= TDS72 ? 8 : 4)]);
}

/** SSPI token (0xED): the NTLM CHALLENGE for an integrated-security login. */
export function sspiToken(data: Buffer): Buffer {
  const h = Buffer.alloc(3);
  h[0] = 0xed;
  h.writeUInt16LE(data.length, 1);
  return Buffer.concat([h, data]);
}

export const loginFailed = (user: string, serverName: string, tdsVersion: number): Buffer =>
  Buffer.concat([errorToken(18456, 1, 14, `Login failed for user '${user}'.`, serverName, tdsVersion), doneError(tdsVersion)]);
