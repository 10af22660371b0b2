// One tftp listener (UDP 69): logs every request (`request`) and anything that is not one
// (`unknown_opcode`), serves the persona's files, refuses or accepts writes per config, and logs each
// finished transfer (`transfer`). Replies come from the listening port: the runner gives a UDP
// template no second socket, where a real server answers from a new port (its TID, RFC 1350 §4).
import type { DatagramContext, DatagramListener, DatagramListenerContext } from '../datagram';
import type { TftpConfig } from './config';
import { negotiate } from './options';
import { ackPacket, errorPacket, oackPacket, OP, parsePacket, type Packet } from './parser';
import type { TftpPersona } from './persona';
import { blockOf, lastBlock, newWrite, toNetascii, TransferTable, type ReadTransfer, type WriteTransfer } from './session';

const MAX_HEX_BYTES = 64;
const hex = (b: Uint8Array): string => Buffer.from(b.subarray(0, MAX_HEX_BYTES)).toString('hex');
const OPNAME: Record<number, string> = { 1: 'RRQ', 2: 'WRQ' };

/** Resolve a request path inside the TFTP root as a chroot would: '..' never climbs out. */
export function resolvePath(name: string, backslash: boolean): string {
  const parts: string[] = [];
  for (const seg of name.split(backslash ? /[/\\]/ : /\//)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

export function createTftpListener(lctx: DatagramListenerContext<TftpConfig>): DatagramListener<TftpConfig> {
  const part = (lctx.persona.services as { tftp?: TftpPersona }).tftp;
  if (!part) throw new Error(`persona of ${lctx.decky} has no tftp part`);
  const files = new Map(Object.entries(part.files).map(([k, v]) => [k, Buffer.from(v, 'latin1')]));
  const table = new TransferTable();
  const cfg = lctx.config;

  /**
   * DATA blocks exceed the runner's reply factor against a 4-byte ACK by nature (RFC 1350 lock-step).
   * Bounds: a block is at most 4 + max_blksize (<= 1472) bytes, only the first block answers a request
   * (and only when no option was asked; otherwise a small OACK goes first and needs ACK 0), every
   * further block needs the ACK of the previous one, and the files are a few KiB: a spoofed RRQ earns
   * at most one 516-byte block, a spoofed stream of ACKs at most the file.
   */
  const sendData = (ctx: DatagramContext<TftpConfig>, t: ReadTransfer, n: number): void => {
    t.block = n;
    ctx.reply(blockOf(t, n), { protocolBehaviour: true });
  };
  const fail = (ctx: DatagramContext<TftpConfig>, code: number, msg: string): void => void ctx.reply(errorPacket(code, msg), { protocolBehaviour: true });
  // A refused request leaves a finished entry: tftp-hpa answers the ERROR with an ACK that a real
  // server's per-transfer port would never pass to the listener; absorbed here instead of logged.
  const refuse = (ctx: DatagramContext<TftpConfig>, key: string, code: number, msg: string): void => {
    const now = ctx.now().getTime();
    table.set(key, { kind: 'read', filename: '', data: new Uint8Array(0), blksize: 512, block: 0, startedMs: now, lastMs: now, done: true }, now);
    fail(ctx, code, msg);
  };

  const request = (p: Extract<Packet, { op: 1 | 2 }>, key: string, ctx: DatagramContext<TftpConfig>): void => {
    const now = ctx.now().getTime();
    const mode = p.mode.toLowerCase();
    const path = resolvePath(p.filename, part.flavor === 'wds');
    const file = files.get(path);
    const base = { op: OPNAME[p.op], opcode: p.op, filename: p.filename, mode: p.mode.slice(0, 32), options: p.options.map(([k, v]) => `${k}=${v}`).join(',').slice(0, 512), option_count: p.options.length };
    const log = (outcome: string, extra: Record<string, string | number> = {}): void => ctx.emit('request', { ...base, outcome, ...extra });
    // tftpd-hpa checks the mode, then the file, then the options (tftp() / validate_access / do_opt).
    if (mode !== 'netascii' && mode !== 'octet') {
      refuse(ctx, key, 4, 'Unknown mode');
      return log('bad_mode');
    }
    if (p.op === OP.RRQ) {
      if (!file) {
        refuse(ctx, key, 1, part.notFound);
        return log('not_found');
      }
      const data = mode === 'netascii' ? toNetascii(file) : file;
      const neg = negotiate(p.options, { maxBlksize: cfg.max_blksize, tsize: mode === 'netascii' ? undefined : file.length, write: false });
      if (neg.refused) {
        refuse(ctx, key, 8, 'Unsupported option(s) requested');
        return log('option_refused');
      }
      const t: ReadTransfer = { kind: 'read', filename: path, data, blksize: neg.blksize, block: 0, startedMs: now, lastMs: now };
      table.set(key, t, now);
      if (neg.oack.length) {
        t.oack = oackPacket(neg.oack);
        ctx.reply(t.oack, { protocolBehaviour: true });
      } else sendData(ctx, t, 1);
      return log('served', { size_bytes: file.length, blksize: neg.blksize });
    }
    if (!cfg.allow_write) {
      // tftpd-hpa without --create: a new file does not exist to open; an existing one is not world-writable.
      if (part.flavor === 'tftpd-hpa') refuse(ctx, key, file ? 2 : 1, file ? 'File must have global write permissions' : part.notFound);
      else refuse(ctx, key, 2, part.accessViolation);
      return log('refused');
    }
    const neg = negotiate(p.options, { maxBlksize: cfg.max_blksize, write: true });
    if (neg.refused) {
      refuse(ctx, key, 8, 'Unsupported option(s) requested');
      return log('option_refused');
    }
    const t = newWrite(path, neg.blksize, neg.oack, now);
    table.set(key, t, now);
    ctx.reply(t.lastReply, { protocolBehaviour: true });
    log('accepted', { blksize: neg.blksize });
  };

  const finish = (key: string, t: ReadTransfer | WriteTransfer, ctx: DatagramContext<TftpConfig>, complete: boolean, extra: Record<string, string | number> = {}): void => {
    t.done = true;
    const common = { filename: t.filename, complete: complete ? 1 : 0, duration_ms: ctx.now().getTime() - t.startedMs, ...extra };
    if (t.kind === 'read') ctx.emit('transfer', { op: 'RRQ', ...common, size_bytes: complete ? t.data.length : Math.min(t.data.length, t.block * t.blksize), blocks: t.block });
    else ctx.emit('transfer', { op: 'WRQ', ...common, size_bytes: t.bytes, sha256: t.hash.digest('hex'), head_hex: hex(t.head), blocks: t.block });
  };

  const continueRead = (key: string, t: ReadTransfer, p: Packet, ctx: DatagramContext<TftpConfig>): void => {
    if (t.done) return;
    if (p.op === OP.ERROR) return finish(key, t, ctx, false, { client_error: p.code, client_message: p.message.slice(0, 128) });
    if (p.op !== OP.ACK) return;
    if (t.block === 0) {
      // RFC 2347 §3: ACK 0 accepts the OACK; anything else gets the OACK again (tftpd-hpa's resync).
      if (p.block === 0) sendData(ctx, t, 1);
      else if (t.oack) ctx.reply(t.oack, { protocolBehaviour: true });
      return;
    }
    // RFC 1123 §4.2.3.1: a stale ACK is not answered (no Sorcerer's Apprentice resend).
    if (p.block !== (t.block & 0xffff)) return;
    if (t.block >= lastBlock(t)) return finish(key, t, ctx, true);
    sendData(ctx, t, t.block + 1);
  };

  const continueWrite = (key: string, t: WriteTransfer, p: Packet, ctx: DatagramContext<TftpConfig>): void => {
    // tftpd-hpa re-sends its final ACK when the last DATA comes again (the ACK was lost).
    if (t.done) {
      if (p.op === OP.DATA && p.block === (t.block & 0xffff) && t.bytes <= cfg.max_upload_bytes) ctx.reply(t.lastReply, { protocolBehaviour: true });
      return;
    }
    if (p.op === OP.ERROR) return finish(key, t, ctx, false, { client_error: p.code, client_message: p.message.slice(0, 128) });
    if (p.op !== OP.DATA) return;
    const expected = (t.block + 1) & 0xffff;
    if (p.block !== expected) {
      // tftpd-hpa: the previous block again means our ACK was lost; ACK it again.
      if (p.block === (t.block & 0xffff)) ctx.reply(t.lastReply, { protocolBehaviour: true });
      return;
    }
    if (t.bytes + p.data.length > cfg.max_upload_bytes) {
      fail(ctx, 3, 'Disk full or allocation exceeded');
      return finish(key, t, ctx, false, { truncated: 1 });
    }
    t.hash.update(p.data);
    if (t.head.length < MAX_HEX_BYTES) t.head = Buffer.concat([t.head, p.data.subarray(0, MAX_HEX_BYTES - t.head.length)]);
    t.bytes += p.data.length;
    t.block += 1;
    t.lastReply = ackPacket(t.block & 0xffff);
    ctx.reply(t.lastReply, { protocolBehaviour: true });
    if (p.data.length < t.blksize) finish(key, t, ctx, true);
  };

  return {
    onDatagram(bytes, ctx) {
      const key = `${ctx.src.ip}|${ctx.src.port}`;
      const r = parsePacket(bytes);
      const opcode = bytes.length >= 2 ? (bytes[0]! << 8) | bytes[1]! : -1;
      if (!r.ok) {
        if (opcode === OP.RRQ || opcode === OP.WRQ) {
          // tftpd-hpa's tftp(): strings must end in NUL, and a mode must follow the filename.
          fail(ctx, 4, r.error === 'bad_fields' ? 'Missing mode' : 'Request not null-terminated');
          ctx.emit('request', { op: OPNAME[opcode], opcode, outcome: 'malformed', error: r.error, size_bytes: bytes.length, data: hex(bytes) });
        } else ctx.emit('unknown_opcode', { opcode, error: r.error, size_bytes: bytes.length, data: hex(bytes) });
        return;
      }
      const p = r.packet;
      if (p.op === OP.RRQ || p.op === OP.WRQ) return request(p, key, ctx);
      const t = table.get(key, ctx.now().getTime());
      if (t?.kind === 'read') return continueRead(key, t, p, ctx);
      if (t?.kind === 'write') return continueWrite(key, t, p, ctx);
      // Not a request and no transfer: tftpd-hpa's listener ignores it; some devices answer ERROR 4.
      ctx.emit('unknown_opcode', { opcode: p.op === 'unknown' ? p.opcode : p.op, size_bytes: bytes.length, data: hex(bytes), ...(p.op === 'unknown' ? {} : { stray: 1 }) });
      if (part.illegalOp && p.op === 'unknown') fail(ctx, 4, part.illegalOp);
    },
  };
}
