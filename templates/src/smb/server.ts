// The SMB2 command handlers of one connection (MS-SMB2 §3.3.5): SESSION_SETUP over SPNEGO/NTLMSSP
// (credential captured, STATUS_LOGON_FAILURE; the null session succeeds), TREE_CONNECT (IPC$ only
// for anonymous), CREATE/READ/WRITE/IOCTL/CLOSE on the srvsvc pipe. State is bounded per connection.
import { randomBytes, randomInt } from 'node:crypto';
import { ntlmMessageType, ntlmServerExchange, NEG_STATE, negTokenResp, OID, unwrapSpnego, type NtlmExchange } from '../_ntlm/index';
import type { EventFields } from '../template';
import type { RpcCall, ServerInfo } from './dcerpc';
import { slice, u16, u32, type Smb2Request } from './parser';
import type { SmbPersona } from './persona';
import { NamedPipe } from './pipe';
import { closeBody, CMD, createBody, ioctlBody, readBody, sessionSetupBody, smallBody, STATUS, treeConnectBody, writeBody } from './responses';

const MAX_SESSIONS = 8;
const MAX_TREES = 16;
const MAX_OPEN = 16;
const FSCTL_PIPE_TRANSCEIVE = 0x0011c017;
const SESSION_FLAG_IS_NULL = 0x0002;
const RELATED_FILE = 'ff'.repeat(16);
/** Named pipes that exist but refuse the anonymous user (RestrictNullSessAccess). */
const DENIED_PIPES = new Set(['lsarpc', 'samr', 'netlogon', 'wkssvc', 'winreg', 'svcctl', 'spoolss', 'eventlog', 'atsvc']);

export interface Reply {
  status: number;
  body: Buffer;
  sessionId?: bigint;
  treeId?: number;
}

interface SessionState {
  exchange: NtlmExchange;
  spnego: boolean;
  anonymous: boolean;
}

export type Emit = (msgid: string, fields: EventFields) => void;

export class Smb2Server {
  private readonly sessions = new Map<bigint, SessionState>();
  private readonly trees = new Map<number, string>();
  private readonly files = new Map<string, NamedPipe>();
  private nextTree: number;
  private lastFileId = '';
  private readonly assocGroup = randomInt(0x1000, 0xffff);

  constructor(
    private readonly p: SmbPersona,
    private readonly now: () => Date,
    private readonly emit: Emit,
  ) {
    this.nextTree = p.firstTreeId;
  }

  handle(r: Smb2Request): Reply {
    switch (r.header.command) {
      case CMD.SESSION_SETUP:
        return this.sessionSetup(r);
      case CMD.ECHO:
        return { status: 0, body: smallBody() };
      case CMD.LOGOFF:
        this.sessions.delete(r.header.sessionId);
        return { status: 0, body: smallBody() };
    }
    if (!this.sessions.get(r.header.sessionId)?.anonymous) return { status: STATUS.USER_SESSION_DELETED, body: Buffer.alloc(0) };
    switch (r.header.command) {
      case CMD.TREE_CONNECT:
        return this.treeConnect(r);
      case CMD.TREE_DISCONNECT:
        this.trees.delete(r.header.treeId);
        return { status: 0, body: smallBody() };
    }
    if (!this.trees.has(r.header.treeId)) return { status: STATUS.NETWORK_NAME_DELETED, body: Buffer.alloc(0) };
    switch (r.header.command) {
      case CMD.CREATE:
        return this.create(r);
      case CMD.WRITE:
        return this.write(r);
      case CMD.READ:
        return this.read(r);
      case CMD.IOCTL:
        return this.ioctl(r);
      case CMD.CLOSE: {
        const id = this.fileId(r.msg, 64 + 8);
        if (!this.files.delete(id)) return { status: STATUS.FILE_CLOSED, body: Buffer.alloc(0) };
        return { status: 0, body: closeBody() };
      }
      default:
        return { status: STATUS.NOT_SUPPORTED, body: Buffer.alloc(0) };
    }
  }

  private sessionSetup(r: Smb2Request): Reply {
    const m = r.msg;
    const blob = slice(m, u16(m, 64 + 12) ?? 0, u16(m, 64 + 14) ?? 0);
    const token = blob && unwrapSpnego(blob);
    let id = r.header.sessionId;
    let s = this.sessions.get(id);
    if (!token) return { status: STATUS.INVALID_PARAMETER, body: Buffer.alloc(0) };
    const inner = token.token && ntlmMessageType(token.token);
    if (!inner) {
      // A Kerberos optimistic token (or none): steer to NTLMSSP as Windows does when it cannot use it.
      if (token.kind === 'init' && token.mechTypes.includes(OID.NTLMSSP)) return this.more(id, negTokenResp({ negState: NEG_STATE.acceptIncomplete, supportedMech: OID.NTLMSSP }));
      return { status: STATUS.INVALID_PARAMETER, body: Buffer.alloc(0) };
    }
    if (inner === 1) {
      if (!s) {
        if (this.sessions.size >= MAX_SESSIONS) return { status: STATUS.ACCESS_DENIED, body: Buffer.alloc(0) };
        id = BigInt.asUintN(64, randomBytes(8).readBigUInt64LE() | 1n);
        s = { exchange: ntlmServerExchange(this.p.ntlm, this.now), spnego: token.kind !== 'raw', anonymous: false };
        this.sessions.set(id, s);
      }
      const challenge = s.exchange.challenge(token.token!);
      if (!challenge) return { status: STATUS.INVALID_PARAMETER, body: Buffer.alloc(0) };
      return this.more(id, s.spnego ? negTokenResp({ negState: NEG_STATE.acceptIncomplete, supportedMech: OID.NTLMSSP, token: challenge }) : challenge);
    }
    if (inner !== 3 || !s) return { status: STATUS.USER_SESSION_DELETED, body: Buffer.alloc(0) };
    const cap = s.exchange.authenticate(token.token!, 'failure');
    if (!cap) {
      this.sessions.delete(id);
      return { status: STATUS.INVALID_PARAMETER, body: Buffer.alloc(0) };
    }
    const anonymous = cap.kind === 'anonymous';
    this.emit('auth_attempt', {
      ...cap.fields,
      principal: cap.principal,
      auth_path: s.spnego ? 'spnego_ntlmssp' : 'raw_ntlmssp',
      outcome: anonymous ? 'success' : 'failure',
      anonymous,
    });
    if (!anonymous) {
      this.sessions.delete(id);
      return { status: STATUS.LOGON_FAILURE, body: Buffer.alloc(0), sessionId: id };
    }
    s.anonymous = true;
    const done = s.spnego ? negTokenResp({ negState: NEG_STATE.acceptCompleted }) : Buffer.alloc(0);
    return { status: 0, body: sessionSetupBody(SESSION_FLAG_IS_NULL, done), sessionId: id };
  }

  private more(id: bigint, blob: Buffer): Reply {
    return { status: STATUS.MORE_PROCESSING_REQUIRED, body: sessionSetupBody(0, blob), sessionId: id };
  }

  private treeConnect(r: Smb2Request): Reply {
    const m = r.msg;
    const raw = slice(m, u16(m, 64 + 4) ?? 0, Math.min(u16(m, 64 + 6) ?? 0, 1024));
    if (!raw) return { status: STATUS.INVALID_PARAMETER, body: Buffer.alloc(0) };
    const path = raw.toString('utf16le');
    const name = path.slice(path.lastIndexOf('\\') + 1);
    const share = this.p.shares.find((s) => s.name.toUpperCase() === name.toUpperCase());
    const ipc = share !== undefined && (share.type & 0xff) === 3;
    const status = !share ? STATUS.BAD_NETWORK_NAME : ipc ? 0 : STATUS.ACCESS_DENIED;
    this.emit('tree_connect', { path, share: name, status: `0x${status.toString(16).padStart(8, '0')}`, outcome: status === 0 ? 'success' : 'failure' });
    if (status !== 0 || !share) return { status, body: Buffer.alloc(0) };
    if (this.trees.size >= MAX_TREES) return { status: STATUS.ACCESS_DENIED, body: Buffer.alloc(0) };
    const treeId = this.nextTree;
    this.nextTree = (this.nextTree % 0xfffffff0) + 1;
    this.trees.set(treeId, share.name);
    return { status: 0, body: treeConnectBody(2, 0x001f00a9), treeId };
  }

  private fileId(m: Buffer, at: number): string {
    const id = at + 16 <= m.length ? m.subarray(at, at + 16).toString('hex') : '';
    return id === RELATED_FILE ? this.lastFileId : id;
  }

  private create(r: Smb2Request): Reply {
    const m = r.msg;
    const raw = slice(m, u16(m, 64 + 44) ?? 0, Math.min(u16(m, 64 + 46) ?? 0, 512));
    if (!raw) return { status: STATUS.INVALID_PARAMETER, body: Buffer.alloc(0) };
    const name = raw.toString('utf16le').replace(/^\\+/, '').toLowerCase();
    if (name !== 'srvsvc') return { status: DENIED_PIPES.has(name) ? STATUS.ACCESS_DENIED : STATUS.OBJECT_NAME_NOT_FOUND, body: Buffer.alloc(0) };
    if (this.files.size >= MAX_OPEN) return { status: STATUS.ACCESS_DENIED, body: Buffer.alloc(0) };
    const id = randomBytes(16);
    this.lastFileId = id.toString('hex');
    this.files.set(this.lastFileId, new NamedPipe(name, this.p.shares, this.serverInfo(), this.assocGroup, (c) => this.rpcCall(c)));
    return { status: 0, body: createBody(id) };
  }

  private serverInfo(): ServerInfo {
    const v = this.p.flavor === 'windows' ? this.p.ntlm.version : { major: 6, minor: 1 };
    return { name: this.p.ntlm.nbComputer, major: v.major, minor: v.minor, type: this.p.serverType, comment: this.p.serverComment };
  }

  private rpcCall(c: RpcCall): void {
    if (c.opnum === 21) this.emit('server_info', { pipe: 'srvsvc', opnum: 21, level: c.level });
    if (c.opnum === 15) this.emit('share_enum', { pipe: 'srvsvc', opnum: 15, level: c.level, shares: c.level === 0 || c.level === 1 ? this.p.shares.length : 0 });
  }

  private pipe(m: Buffer, at: number): NamedPipe | undefined {
    return this.files.get(this.fileId(m, at));
  }

  private write(r: Smb2Request): Reply {
    const m = r.msg;
    const pipe = this.pipe(m, 64 + 16);
    if (!pipe) return { status: STATUS.FILE_CLOSED, body: Buffer.alloc(0) };
    const data = slice(m, u16(m, 64 + 2) ?? 0, u32(m, 64 + 4) ?? 0);
    if (!data || !pipe.write(data)) return { status: STATUS.INVALID_PARAMETER, body: Buffer.alloc(0) };
    return { status: 0, body: writeBody(data.length) };
  }

  private read(r: Smb2Request): Reply {
    const m = r.msg;
    const pipe = this.pipe(m, 64 + 16);
    if (!pipe) return { status: STATUS.FILE_CLOSED, body: Buffer.alloc(0) };
    const got = pipe.read(Math.max(1, u32(m, 64 + 4) ?? 0));
    if (!got) return { status: STATUS.PIPE_EMPTY, body: Buffer.alloc(0) };
    return { status: got.more ? STATUS.BUFFER_OVERFLOW : 0, body: readBody(got.data) };
  }

  private ioctl(r: Smb2Request): Reply {
    const m = r.msg;
    const code = u32(m, 64 + 4) ?? 0;
    if (code !== FSCTL_PIPE_TRANSCEIVE) return { status: code === 0x00060194 ? STATUS.NOT_FOUND : STATUS.INVALID_DEVICE_REQUEST, body: Buffer.alloc(0) };
    const idHex = this.fileId(m, 64 + 8);
    const pipe = this.files.get(idHex);
    if (!pipe) return { status: STATUS.FILE_CLOSED, body: Buffer.alloc(0) };
    const input = slice(m, u32(m, 64 + 24) ?? 0, u32(m, 64 + 28) ?? 0);
    if (!input || !pipe.write(input)) return { status: STATUS.INVALID_PARAMETER, body: Buffer.alloc(0) };
    const got = pipe.read(Math.max(1, u32(m, 64 + 44) ?? 0));
    const out = got?.data ?? Buffer.alloc(0);
    return { status: got?.more ? STATUS.BUFFER_OVERFLOW : 0, body: ioctlBody(code, Buffer.from(idHex, 'hex'), out) };
  }
}
