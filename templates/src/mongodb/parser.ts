// MongoDB wire protocol framing (docs "MongoDB Wire Protocol"): the 16-byte MsgHeader, OP_MSG (2013:
// flagBits, a kind-0 body and kind-1 document sequences, optional CRC-32C) and legacy OP_QUERY (2004)
// turned into one command request. Pure, bounded, copes with input split anywhere.
import { ByteQueue } from '../_io/byte-queue';
import { BsonError, decodeDocument, type BsonValue, type Decoded } from './bson';

export const OP = { REPLY: 1, UPDATE: 2001, INSERT: 2002, QUERY: 2004, GET_MORE: 2005, DELETE: 2006, KILL_CURSORS: 2007, COMPRESSED: 2012, MSG: 2013 } as const;

const OP_NAMES: Readonly<Record<number, string>> = {
  1: 'OP_REPLY', 2001: 'OP_UPDATE', 2002: 'OP_INSERT', 2004: 'OP_QUERY', 2005: 'OP_GET_MORE',
  2006: 'OP_DELETE', 2007: 'OP_KILL_CURSORS', 2010: 'OP_COMMAND', 2011: 'OP_COMMANDREPLY', 2012: 'OP_COMPRESSED', 2013: 'OP_MSG',
};
export const opName = (code: number): string => OP_NAMES[code] ?? `op_${code >>> 0}`;

/** MsgHeader: messageLength counts the header; mongod rejects < 16 and > maxMessageSizeBytes. */
export interface Message {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
  body: Buffer;
}

export type Frame = { kind: 'message'; message: Message } | { kind: 'invalid'; length: number } | { kind: 'http' };

export class MessageReader {
  private readonly q = new ByteQueue();
  private first = true;
  constructor(private readonly maxMessage: number) {}

  push(chunk: Uint8Array): void {
    this.q.push(chunk);
  }

  next(): Frame | undefined {
    if (this.first && this.q.length >= 4) {
      this.first = false;
      // mongod answers an HTTP GET on the driver port with a plain-text hint (transport layer).
      if (this.q.copy(0, 4).toString('latin1') === 'GET ') return { kind: 'http' };
    }
    if (this.q.length < 16) return undefined;
    const head = this.q.copy(0, 16);
    const length = head.readInt32LE(0);
    if (length < 16 || length > this.maxMessage) return { kind: 'invalid', length };
    if (this.q.length < length) return undefined;
    this.q.skip(16);
    const body = this.q.take(length - 16);
    return { kind: 'message', message: { length, requestId: head.readInt32LE(4), responseTo: head.readInt32LE(8), opCode: head.readInt32LE(12), body } };
  }
}

/** One command, whichever opcode carried it. */
export interface CommandRequest {
  /** The first key of the body (the command name), as sent. */
  name: string;
  body: Decoded;
  /** `$db` for OP_MSG; the part before ".$cmd" for OP_QUERY. */
  db: string;
  /** OP_QUERY's fullCollectionName (for the event). */
  collection?: string;
  /** OP_MSG moreToCome: the client wants no reply. */
  moreToCome: boolean;
}

export class WireError extends Error {}

const MSG_FLAGS = { checksumPresent: 1, moreToCome: 2, exhaustAllowed: 1 << 16 } as const;
const MAX_SEQUENCE_DOCS = 1000;

function cstring(b: Buffer, off: number): [string, number] {
  const end = b.indexOf(0, off);
  if (end < 0) throw new WireError('unterminated cstring');
  return [b.toString('utf8', off, end), end + 1];
}

function docAt(b: Buffer, off: number, limit: number): [Decoded, number] {
  if (off + 4 > limit) throw new WireError('truncated document');
  const len = b.readInt32LE(off);
  if (len < 5 || off + len > limit) throw new WireError('bad document length');
  return [decodeDocument(b.subarray(off, off + len)), off + len];
}

/** OP_MSG: flagBits, sections, optional checksum. Kind-1 sequences are folded into the body. */
export function parseOpMsg(body: Buffer): CommandRequest {
  try {
    if (body.length < 5) throw new WireError('truncated OP_MSG');
    const flags = body.readUInt32LE(0);
    // Bits 0-15 are required: an unknown one is an error (the spec's "must error").
    if ((flags & 0xfffc) !== 0) throw new WireError('unknown required flag');
    const limit = flags & MSG_FLAGS.checksumPresent ? body.length - 4 : body.length;
    let p = 4;
    let main: Decoded | undefined;
    let docs = 0;
    while (p < limit) {
      const kind = body[p++];
      if (kind === 0) {
        if (main) throw new WireError('multiple body sections');
        [main, p] = docAt(body, p, limit);
      } else if (kind === 1) {
        if (p + 4 > limit) throw new WireError('truncated sequence');
        const size = body.readInt32LE(p);
        if (size < 5 || p + size > limit) throw new WireError('bad sequence size');
        const end = p + size;
        const [id, q] = cstring(body, p + 4);
        let at = q;
        const list: BsonValue[] = [];
        while (at < end) {
          if (++docs > MAX_SEQUENCE_DOCS) throw new WireError('too many documents');
          let d: Decoded;
          [d, at] = docAt(body, at, end);
          list.push(d);
        }
        p = end;
        if (main && !main.has(id)) main.set(id, list);
        else if (!main) throw new WireError('sequence before body');
      } else {
        throw new WireError(`unknown section kind ${kind}`);
      }
    }
    if (!main) throw new WireError('no body section');
    const first = main.keys().next();
    const db = main.get('$db');
    return { name: first.done ? '' : first.value, body: main, db: typeof db === 'string' ? db : '', moreToCome: (flags & MSG_FLAGS.moreToCome) !== 0 };
  } catch (e) {
    if (e instanceof BsonError || e instanceof RangeError) throw new WireError(e.message);
    throw e;
  }
}

/** OP_QUERY: flags, fullCollectionName, numberToSkip, numberToReturn, query[, fields]. */
export function parseOpQuery(body: Buffer): CommandRequest {
  try {
    if (body.length < 4) throw new WireError('truncated OP_QUERY');
    const [collection, p] = cstring(body, 4);
    if (p + 8 > body.length) throw new WireError('truncated OP_QUERY');
    const [query] = docAt(body, p + 8, body.length);
    // Drivers wrap commands as {$query: {...}, $readPreference: ...} for mongos.
    const wrapped = query.get('$query') ?? query.get('query');
    const doc = wrapped instanceof Map ? wrapped : query;
    const first = doc.keys().next();
    const dot = collection.indexOf('.');
    return { name: first.done ? '' : first.value, body: doc, db: dot < 0 ? collection : collection.slice(0, dot), collection, moreToCome: false };
  } catch (e) {
    if (e instanceof BsonError || e instanceof RangeError) throw new WireError(e.message);
    throw e;
  }
}
