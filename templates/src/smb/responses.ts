// SMB2 response bodies (MS-SMB2 §2.2): header, NEGOTIATE with 3.1.1 contexts, SESSION_SETUP,
// TREE_CONNECT, CREATE, CLOSE, READ, WRITE, IOCTL, ERROR; status codes as Windows words them.
import { fileTime } from '../_ntlm/ntlmssp';
import { SMB2_FLAGS, SMB2_MAGIC, type Smb2Header } from './parser';

/** MS-ERREF §2.3.1 NTSTATUS values the server uses. */
export const STATUS = {
  SUCCESS: 0,
  BUFFER_OVERFLOW: 0x80000005,
  MORE_PROCESSING_REQUIRED: 0xc0000016,
  INVALID_PARAMETER: 0xc000000d,
  ACCESS_DENIED: 0xc0000022,
  OBJECT_NAME_NOT_FOUND: 0xc0000034,
  LOGON_FAILURE: 0xc000006d,
  NOT_SUPPORTED: 0xc00000bb,
  NETWORK_NAME_DELETED: 0xc00000c9,
  BAD_NETWORK_NAME: 0xc00000cc,
  FILE_CLOSED: 0xc0000128,
  USER_SESSION_DELETED: 0xc0000203,
  NOT_FOUND: 0xc0000225,
  INVALID_DEVICE_REQUEST: 0xc0000010,
  PIPE_EMPTY: 0xc00000d9,
} as const;

export const CMD = {
  NEGOTIATE: 0, SESSION_SETUP: 1, LOGOFF: 2, TREE_CONNECT: 3, TREE_DISCONNECT: 4, CREATE: 5, CLOSE: 6,
  FLUSH: 7, READ: 8, WRITE: 9, LOCK: 10, IOCTL: 11, CANCEL: 12, ECHO: 13, QUERY_DIRECTORY: 14,
  CHANGE_NOTIFY: 15, QUERY_INFO: 16, SET_INFO: 17,
} as const;

export const CMD_NAMES = Object.fromEntries(Object.entries(CMD).map(([k, v]) => [v, k.toLowerCase()])) as Record<number, string>;

export function header(req: Smb2Header, status: number, o: { sessionId?: bigint; treeId?: number; credits?: number } = {}): Buffer {
  const h = Buffer.alloc(64);
  SMB2_MAGIC.copy(h, 0);
  h.writeUInt16LE(64, 4);
  h.writeUInt16LE(req.creditCharge, 6);
  h.writeUInt32LE(status >>> 0, 8);
  h.writeUInt16LE(req.command, 12);
  // Windows grants what the client asks for (at least 1) while it has credits to spare.
  h.writeUInt16LE(o.credits ?? Math.max(1, Math.min(req.credits, 512)), 14);
  h.writeUInt32LE(SMB2_FLAGS.SERVER_TO_REDIR | (req.flags & SMB2_FLAGS.RELATED), 16);
  h.writeBigUInt64LE(req.messageId, 24);
  h.writeUInt32LE(req.processId || 0xfeff, 32);
  h.writeUInt32LE(o.treeId ?? req.treeId, 36);
  h.writeBigUInt64LE(o.sessionId ?? req.sessionId, 40);
  return h;
}

/** MS-SMB2 §2.2.2 ERROR response body. */
export const errorBody = (): Buffer => Buffer.from([9, 0, 0, 0, 0, 0, 0, 0, 0]);

export interface NegotiateOptions {
  dialect: number;
  securityMode: number;
  serverGuid: Buffer;
  capabilities: number;
  now: Date;
  securityBlob: Buffer;
  contexts: Array<{ type: number; data: Buffer }>;
}

const pad8 = (n: number): number => (8 - (n % 8)) % 8;

/** MS-SMB2 §2.2.4 NEGOTIATE response; contexts (3.1.1) follow the security buffer, 8-aligned. */
export function negotiateBody(o: NegotiateOptions): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt16LE(65, 0);
  b.writeUInt16LE(o.securityMode, 2);
  b.writeUInt16LE(o.dialect, 4);
  b.writeUInt16LE(o.contexts.length, 6);
  o.serverGuid.copy(b, 8, 0, 16);
  b.writeUInt32LE(o.capabilities, 24);
  // 8 MiB max transact/read/write, as Windows 10/2016+ and Samba 4 advertise.
  b.writeUInt32LE(0x800000, 28);
  b.writeUInt32LE(0x800000, 32);
  b.writeUInt32LE(0x800000, 36);
  fileTime(o.now).copy(b, 40);
  // ServerStartTime: 0 on Windows 10/2016+ and Samba 4.
  b.writeUInt16LE(128, 56);
  b.writeUInt16LE(o.securityBlob.length, 58);
  const parts = [b, o.securityBlob];
  if (o.contexts.length) {
    let at = 128 + o.securityBlob.length;
    const gap = pad8(at);
    parts.push(Buffer.alloc(gap));
    at += gap;
    b.writeUInt32LE(at, 60);
    o.contexts.forEach((c, i) => {
      const h = Buffer.alloc(8);
      h.writeUInt16LE(c.type, 0);
      h.writeUInt16LE(c.data.length, 2);
      parts.push(h, c.data);
      if (i < o.contexts.length - 1) parts.push(Buffer.alloc(pad8(c.data.length)));
    });
  }
  return Buffer.concat(parts);
}

/** MS-SMB2 §2.2.6 SESSION_SETUP response. */
export function sessionSetupBody(sessionFlags: number, blob: Buffer): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt16LE(9, 0);
  b.writeUInt16LE(sessionFlags, 2);
  b.writeUInt16LE(blob.length ? 72 : 0, 4);
  b.writeUInt16LE(blob.length, 6);
  return Buffer.concat([b, blob.length ? blob : Buffer.alloc(1)]);
}

/** MS-SMB2 §2.2.10 TREE_CONNECT response: IPC (pipe) share, no caching. */
export function treeConnectBody(shareType: number, maximalAccess: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(16, 0);
  b[2] = shareType;
  b.writeUInt32LE(shareType === 2 ? 0x30 : 0, 4);
  b.writeUInt32LE(maximalAccess >>> 0, 12);
  return b;
}

/** MS-SMB2 §2.2.14 CREATE response for an opened named pipe. */
export function createBody(fileId: Buffer): Buffer {
  const b = Buffer.alloc(89);
  b.writeUInt16LE(89, 0);
  b.writeUInt32LE(1, 4); // FILE_OPENED
  b.writeBigUInt64LE(4096n, 40); // AllocationSize as Windows reports for a pipe
  b.writeUInt32LE(0x80, 56); // FILE_ATTRIBUTE_NORMAL
  fileId.copy(b, 64);
  return b;
}

/** MS-SMB2 §2.2.16 CLOSE response (no attributes requested). */
export function closeBody(): Buffer {
  const b = Buffer.alloc(60);
  b.writeUInt16LE(60, 0);
  return b;
}

/** MS-SMB2 §2.2.20 READ response. */
export function readBody(data: Buffer): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(17, 0);
  b[2] = 80;
  b.writeUInt32LE(data.length, 4);
  return Buffer.concat([b, data.length ? data : Buffer.alloc(1)]);
}

/** MS-SMB2 §2.2.22 WRITE response. */
export function writeBody(count: number): Buffer {
  const b = Buffer.alloc(17);
  b.writeUInt16LE(17, 0);
  b.writeUInt32LE(count, 4);
  return b;
}

/** MS-SMB2 §2.2.32 IOCTL response with output at offset 112. */
export function ioctlBody(ctlCode: number, fileId: Buffer, output: Buffer): Buffer {
  const b = Buffer.alloc(48);
  b.writeUInt16LE(49, 0);
  b.writeUInt32LE(ctlCode >>> 0, 4);
  fileId.copy(b, 8);
  b.writeUInt32LE(112, 24);
  b.writeUInt32LE(112, 32);
  b.writeUInt32LE(output.length, 36);
  return Buffer.concat([b, output]);
}

/** ECHO, LOGOFF, TREE_DISCONNECT responses: StructureSize 4. */
export const smallBody = (): Buffer => Buffer.from([4, 0, 0, 0]);
