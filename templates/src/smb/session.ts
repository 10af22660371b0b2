// One SMB connection: session-service framing (a NetBIOS session request on 139 is answered
// positively), SMB1 NEGOTIATE (upgraded to SMB2 when "SMB 2.???"/"SMB 2.002" is offered, else as
// the persona's OS does), then SMB2 messages and compound chains dispatched to Smb2Server.
import type { Duplex } from 'node:stream';
import { bytesToHex } from '@decnet/protocol';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import type { SmbConfig } from './config';
import { dialectName, negotiate, negotiateResponse, WILDCARD } from './negotiate';
import { frame, FrameReader, NBSS, SMB1_MAGIC, smb1Negotiate, SMB2_FLAGS, SMB2_MAGIC, splitCompound, type Smb2Request } from './parser';
import type { SmbPersona } from './persona';
import { CMD, CMD_NAMES, errorBody, header, STATUS } from './responses';
import { Smb2Server, type Reply } from './server';
import { Smb1Server } from './smb1';

/** Largest SMB message accepted: far above any negotiate/session setup/pipe write we serve. */
export const MAX_SMB_MESSAGE = 128 * 1024;
const MAX_MESSAGES = 4096;

const hex32 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

export function createSmbSession(stream: Duplex, ctx: TemplateContext<SmbConfig>): SessionHandle {
  const p: SmbPersona = ctx.persona.services.smb;
  const workgroup = p.flavor === 'samba' && ctx.config.workgroup ? ctx.config.workgroup.toUpperCase() : p.workgroup;
  const persona: SmbPersona = { ...p, workgroup, smb1: ctx.config.smb1 ?? p.smb1 };
  const reader = new FrameReader(MAX_SMB_MESSAGE);
  const server = new Smb2Server(persona, () => ctx.now(), (m, f) => ctx.emit(m, f));
  let smb1: Smb1Server | undefined;
  let negotiated = false;
  let messages = 0;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      reader.push(chunk);
      for (let f = reader.next(); f && !io.closed; f = reader.next()) {
        if (f.kind === 'oversized') {
          // Windows and Samba drop a connection announcing a message past their limit.
          io.oversized('smb_message', f.bytes, MAX_SMB_MESSAGE);
          return io.destroy('oversized_input');
        }
        if (++messages > MAX_MESSAGES) return io.destroy('too_many_messages');
        if (f.type === NBSS.REQUEST) io.write(frame(Buffer.alloc(0), NBSS.POSITIVE));
        else if (f.type === NBSS.MESSAGE) onMessage(f.payload);
        else if (f.type !== NBSS.KEEPALIVE) return protocolError('unknown session packet type', f.payload);
      }
    },
  });

  function protocolError(error: string, payload: Buffer): void {
    ctx.emit('protocol_error', { error, head_hex: bytesToHex(payload.subarray(0, 16)) });
    io.destroy('protocol_error');
  }

  function onMessage(payload: Buffer): void {
    const magic = payload.subarray(0, 4);
    if (magic.equals(SMB1_MAGIC)) return onSmb1(payload);
    if (!magic.equals(SMB2_MAGIC)) return protocolError('not smb', payload);
    const chain = splitCompound(payload);
    if (!chain) return protocolError('malformed smb2 header', payload);
    const replies: Buffer[] = [];
    let prev: { sessionId: bigint; treeId: number } | undefined;
    for (const r of chain) {
      // Related members inherit the previous one's session and tree (MS-SMB2 §3.3.5.2.7.2).
      if (prev && r.header.flags & SMB2_FLAGS.RELATED) Object.assign(r.header, prev);
      const reply = dispatch(r);
      prev = { sessionId: reply.readBigUInt64LE(40), treeId: reply.readUInt32LE(36) };
      replies.push(reply);
    }
    for (let i = 0; i < replies.length - 1; i++) {
      const pad = (8 - (replies[i]!.length % 8)) % 8;
      replies[i] = Buffer.concat([replies[i]!, Buffer.alloc(pad)]);
      replies[i]!.writeUInt32LE(replies[i]!.length, 20);
    }
    io.write(frame(Buffer.concat(replies)));
  }

  function dispatch(r: Smb2Request): Buffer {
    if (r.header.command === CMD.NEGOTIATE) {
      const n = negotiate(persona, r.msg, ctx.now());
      ctx.emit('connection', {
        smb_version: 'smb2',
        client_dialects: n.clientDialects.map(dialectName).join(','),
        dialect: n.body ? dialectName(n.dialect) : undefined,
        client_guid: n.clientGuid || undefined,
        error: n.error,
      });
      negotiated = n.body !== undefined;
      const status = n.error === 'no_common_dialect' ? STATUS.NOT_SUPPORTED : n.error ? STATUS.INVALID_PARAMETER : 0;
      return Buffer.concat([header(r.header, status), n.body ?? errorBody()]);
    }
    if (!negotiated) return Buffer.concat([header(r.header, STATUS.INVALID_PARAMETER), errorBody()]);
    const reply: Reply = server.handle(r);
    const ok = reply.status === 0 || reply.status === STATUS.MORE_PROCESSING_REQUIRED || reply.status === STATUS.BUFFER_OVERFLOW;
    if (!ok && r.header.command !== CMD.SESSION_SETUP && reply.status !== STATUS.ACCESS_DENIED && reply.status !== STATUS.BAD_NETWORK_NAME) {
      ctx.emit('protocol_error', { error: 'request refused', command: CMD_NAMES[r.header.command] ?? String(r.header.command), status: hex32(reply.status) });
    }
    const body = reply.body.length ? reply.body : errorBody();
    return Buffer.concat([header(r.header, reply.status, { sessionId: reply.sessionId, treeId: reply.treeId }), body]);
  }

  function onSmb1(payload: Buffer): void {
    if (smb1) {
      const out = smb1.handle(payload);
      return out ? io.write(frame(out)) : protocolError('malformed smb1 request', payload);
    }
    const neg = smb1Negotiate(payload);
    if (!neg) return protocolError('smb1 before negotiate', payload);
    const wildcard = neg.dialects.includes('SMB 2.???');
    const smb2 = neg.dialects.includes('SMB 2.002');
    ctx.emit('connection', { smb_version: 'smb1', client_dialects: neg.dialects.join(',').slice(0, 512), extended_security: (neg.flags2 & 0x0800) !== 0 });
    if (wildcard || smb2) {
      // MS-SMB2 §3.3.5.3.1: answer in SMB2 with 2.??? (or 2.0.2), MessageId 0.
      const dialect = wildcard ? WILDCARD : 0x0202;
      const h = { creditCharge: 0, command: 0, credits: 1, flags: 0, nextCommand: 0, messageId: 0n, processId: 0, treeId: 0, sessionId: 0n };
      negotiated = dialect === 0x0202;
      io.write(frame(Buffer.concat([header(h, 0), negotiateResponse(persona, dialect, 0, ctx.now())])));
      return;
    }
    if (persona.smb1 && neg.dialects.includes('NT LM 0.12')) {
      smb1 = new Smb1Server(persona, () => ctx.now(), (m, f) => ctx.emit(m, f));
      return io.write(frame(smb1.negotiate(payload, neg)));
    }
    // SMB1 disabled: Windows resets the connection; Samba (server min protocol = SMB2_02) answers
    // a NEGOTIATE with DialectIndex 0xFFFF ("no protocol chosen").
    if (persona.flavor === 'windows') return io.destroy('smb1_disabled');
    io.end(frame(Smb1Server.noDialect(payload, neg)));
  }

  return { close: (reason) => io.destroy(reason) };
}
