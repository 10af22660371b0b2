// SMB1 for personas that still speak it (Windows Server 2016, or `smb1=true`): NEGOTIATE "NT LM
// 0.12" (MS-SMB §2.2.4.5.2, with or without extended security) and SESSION_SETUP_ANDX (MS-SMB
// §2.2.4.6) with NativeOS/NativeLanMan, enough for smb-os-discovery. Anything else: STATUS_NOT_SUPPORTED.
import { randomBytes } from 'node:crypto';
import { ntlmMessageType, ntlmServerExchange, NEG_STATE, negTokenResp, OID, serverNegTokenInit, unwrapSpnego, type NtlmExchange } from '../_ntlm/index';
import { fileTime } from '../_ntlm/ntlmssp';
import { serverMechs } from './negotiate';
import { SMB1_MAGIC } from './parser';
import type { SmbPersona } from './persona';
import type { Emit } from './server';

const CMD_NEGOTIATE = 0x72;
const CMD_SESSION_SETUP = 0x73;
const FLAGS2_UNICODE = 0x8000;
const FLAGS2_EXT_SEC = 0x0800;

function header(req: Buffer, cmd: number, status: number, flags2: number, uid = req.readUInt16LE(28)): Buffer {
  const h = Buffer.alloc(32);
  SMB1_MAGIC.copy(h, 0);
  h[4] = cmd;
  h.writeUInt32LE(status >>> 0, 5);
  h[9] = 0x88; // REPLY | CASE_INSENSITIVE
  h.writeUInt16LE(flags2, 10);
  req.copy(h, 24, 24, 28); // tid, pid
  h.writeUInt16LE(uid, 28);
  req.copy(h, 30, 30, 32); // mid
  return h;
}

function message(h: Buffer, words: Buffer, data: Buffer): Buffer {
  const bc = Buffer.alloc(2);
  bc.writeUInt16LE(data.length);
  return Buffer.concat([h, Buffer.from([words.length / 2]), words, bc, data]);
}

export class Smb1Server {
  private unicode = false;
  private extended = false;
  private exchange: NtlmExchange | undefined;
  private readonly challenge = randomBytes(8);
  private readonly uid = 0x800 + Math.floor(Math.random() * 0x7000);

  constructor(
    private readonly p: SmbPersona,
    private readonly now: () => Date,
    private readonly emit: Emit,
  ) {}

  /** Samba with SMB1 off: DialectIndex 0xFFFF, no byte data (what nmap's probe sees). */
  static noDialect(req: Buffer, neg: { flags2: number }): Buffer {
    return message(header(req, CMD_NEGOTIATE, 0, (neg.flags2 & FLAGS2_UNICODE) | 0x4001), Buffer.from([0xff, 0xff]), Buffer.alloc(0));
  }

  private text(s: string): Buffer {
    return this.unicode ? Buffer.from(`${s}\0`, 'utf16le') : Buffer.from(`${s}\0`, 'latin1');
  }

  private flags2(): number {
    return 0x4001 | (this.unicode ? FLAGS2_UNICODE : 0) | (this.extended ? FLAGS2_EXT_SEC : 0);
  }

  negotiate(req: Buffer, neg: { flags2: number; dialects: string[] }): Buffer {
    this.unicode = (neg.flags2 & FLAGS2_UNICODE) !== 0;
    this.extended = (neg.flags2 & FLAGS2_EXT_SEC) !== 0;
    const w = Buffer.alloc(34);
    w.writeUInt16LE(neg.dialects.lastIndexOf('NT LM 0.12'), 0);
    w[2] = this.p.signingRequired ? 0x0f : 0x03; // user level, challenge/response (+ signing required)
    w.writeUInt16LE(this.p.ntlm.product?.startsWith('Windows Server') || this.p.flavor === 'samba' ? 50 : 10, 3);
    w.writeUInt16LE(1, 5);
    w.writeUInt32LE(0x1104, 7);
    w.writeUInt32LE(0x10000, 11);
    w.writeUInt32LE((0x0001e3fc | (this.extended ? 0x80000000 : 0)) >>> 0, 19);
    fileTime(this.now()).copy(w, 23);
    w.writeInt16LE(0, 31);
    let data: Buffer;
    if (this.extended) {
      w[33] = 0;
      data = Buffer.concat([Buffer.from(this.p.serverGuid, 'hex'), serverNegTokenInit(serverMechs(this.p))]);
    } else {
      w[33] = 8;
      // Domain and server name follow the challenge in Unicode, whatever flags2 says (as Windows sends them).
      data = Buffer.concat([this.challenge, Buffer.from(`${this.p.workgroup}\0${this.p.ntlm.nbComputer}\0`, 'utf16le')]);
    }
    return message(header(req, CMD_NEGOTIATE, 0, this.flags2()), w, data);
  }

  handle(req: Buffer): Buffer | undefined {
    if (req.length < 35 || req[4] !== CMD_SESSION_SETUP) return message(header(req, req[4] ?? 0, 0xc00000bb, this.flags2()), Buffer.alloc(0), Buffer.alloc(0));
    const wc = req[32]!;
    const bcAt = 33 + wc * 2;
    if (bcAt + 2 > req.length) return undefined;
    const data = req.subarray(bcAt + 2);
    return wc === 12 ? this.extendedSetup(req, data) : this.basicSetup(req, data);
  }

  /** The strings of a SESSION_SETUP_ANDX response, Unicode-aligned from the header start. */
  private strings(headerAndWords: number, parts: string[]): Buffer {
    const pad = this.unicode && (headerAndWords + 2) % 2 ? Buffer.alloc(1) : Buffer.alloc(0);
    return Buffer.concat([pad, ...parts.map((s) => this.text(s))]);
  }

  private andx(action: number, extra?: number): Buffer {
    const w = Buffer.alloc(extra === undefined ? 6 : 8);
    w[0] = 0xff;
    w.writeUInt16LE(action, 4);
    if (extra !== undefined) w.writeUInt16LE(extra, 6);
    return w;
  }

  private basicSetup(req: Buffer, data: Buffer): Buffer {
    const oemLen = req.length >= 33 + 16 ? req.readUInt16LE(33 + 14) : 0;
    const uniLen = req.length >= 33 + 18 ? req.readUInt16LE(33 + 16) : 0;
    const names = data.subarray(Math.min(data.length, oemLen + uniLen)).toString('latin1').split('\0');
    const user = (names[0] ?? '').slice(0, 128);
    const domain = (names[1] ?? '').slice(0, 128);
    const ok = user === '';
    this.emit('auth_attempt', { username: user, domain, principal: domain ? `${domain}\\${user}` : user, auth_path: 'smb1_basic', outcome: ok ? 'success' : 'failure', anonymous: ok });
    if (!ok) return message(header(req, CMD_SESSION_SETUP, 0xc000006d, this.flags2()), Buffer.alloc(0), Buffer.alloc(0));
    return message(header(req, CMD_SESSION_SETUP, 0, this.flags2(), this.uid), this.andx(0), this.strings(33 + 6, [this.p.nativeOs, this.p.nativeLanMan, this.p.workgroup]));
  }

  private extendedSetup(req: Buffer, data: Buffer): Buffer {
    const blobLen = req.readUInt16LE(33 + 14);
    const token = unwrapSpnego(data.subarray(0, blobLen));
    const inner = token?.token && ntlmMessageType(token.token);
    const spnego = token?.kind !== 'raw';
    const fail = (status: number): Buffer => message(header(req, CMD_SESSION_SETUP, status, this.flags2()), Buffer.alloc(0), Buffer.alloc(0));
    if (!token || !inner) return fail(0xc000000d);
    if (inner === 1) {
      this.exchange = ntlmServerExchange(this.p.ntlm, this.now);
      const ch = this.exchange.challenge(token.token!);
      if (!ch) return fail(0xc000000d);
      const blob = spnego ? negTokenResp({ negState: NEG_STATE.acceptIncomplete, supportedMech: OID.NTLMSSP, token: ch }) : ch;
      const strs = this.strings(33 + 8 + blob.length, [this.p.nativeOs, this.p.nativeLanMan, this.p.workgroup]);
      return message(header(req, CMD_SESSION_SETUP, 0xc0000016, this.flags2(), this.uid), this.andx(0, blob.length), Buffer.concat([blob, strs]));
    }
    const cap = inner === 3 ? this.exchange?.authenticate(token.token!, 'failure') : undefined;
    if (!cap) return fail(0xc000000d);
    const anonymous = cap.kind === 'anonymous';
    this.emit('auth_attempt', { ...cap.fields, principal: cap.principal, auth_path: 'smb1_ntlmssp', outcome: anonymous ? 'success' : 'failure', anonymous });
    if (!anonymous) return fail(0xc000006d);
    const blob = spnego ? negTokenResp({ negState: NEG_STATE.acceptCompleted }) : Buffer.alloc(0);
    const strs = this.strings(33 + 8 + blob.length, [this.p.nativeOs, this.p.nativeLanMan, this.p.workgroup]);
    return message(header(req, CMD_SESSION_SETUP, 0, this.flags2(), this.uid), this.andx(0, blob.length), Buffer.concat([blob, strs]));
  }
}
