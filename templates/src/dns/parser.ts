// dns input: one query message (RFC 1035 §4.1: header, questions, records; RFC 6891 §6 OPT) to
// what the server acts on, and DNS-over-TCP framing (RFC 1035 §4.2.2, RFC 7766 §8: a 2-byte length
// before each message, several per connection). Bounded; never throws; input may be split anywhere.
import { ByteQueue } from '../_io/byte-queue';
import { parseHeader, readName, readRecord, WireError, type Header, type Question } from '../_dns/dns-wire';
import { T, type EdnsOption } from './records';

/** Questions read from one message (BIND answers FORMERR to more than one; a few are logged). */
export const MAX_QUESTIONS = 4;
/** Answer + authority + additional records walked in a query. */
export const MAX_QUERY_RECORDS = 16;
/** EDNS options kept from one OPT record. */
export const MAX_EDNS_OPTIONS = 16;

export interface Edns {
  udpSize: number;
  version: number;
  do: boolean;
  options: EdnsOption[];
}

export type ParsedQuery =
  | { kind: 'query'; header: Header; questions: Question[]; edns?: Edns; size: number }
  /** Not even a header: nothing to answer. */
  | { kind: 'runt'; size: number }
  /** A header but the question section does not parse. */
  | { kind: 'question_error'; header: Header; error: string; size: number }
  /** Question fine, the rest (records, OPT) malformed: FORMERR. */
  | { kind: 'malformed'; header: Header; questions: Question[]; error: string; size: number };

function readOpt(rdata: Uint8Array): EdnsOption[] {
  const out: EdnsOption[] = [];
  let o = 0;
  while (o < rdata.length) {
    if (o + 4 > rdata.length) throw new WireError('truncated_option');
    const code = (rdata[o]! << 8) | rdata[o + 1]!;
    const len = (rdata[o + 2]! << 8) | rdata[o + 3]!;
    if (o + 4 + len > rdata.length) throw new WireError('truncated_option');
    if (out.length >= MAX_EDNS_OPTIONS) throw new WireError('too_many_options');
    out.push({ code, data: rdata.subarray(o + 4, o + 4 + len) });
    o += 4 + len;
  }
  return out;
}

export function parseQuery(b: Uint8Array): ParsedQuery {
  let header: Header;
  try {
    header = parseHeader(b);
  } catch {
    return { kind: 'runt', size: b.length };
  }
  const questions: Question[] = [];
  let o = 12;
  try {
    for (let i = 0; i < Math.min(header.qdcount, MAX_QUESTIONS); i++) {
      const n = readName(b, o);
      if (n.next + 4 > b.length) throw new WireError('truncated_question');
      questions.push({ labels: n.labels, qtype: (b[n.next]! << 8) | b[n.next + 1]!, qclass: (b[n.next + 2]! << 8) | b[n.next + 3]! });
      o = n.next + 4;
    }
  } catch (err) {
    return { kind: 'question_error', header, error: err instanceof WireError ? err.message : 'parse_failed', size: b.length };
  }
  if (header.qdcount > MAX_QUESTIONS) return { kind: 'malformed', header, questions, error: 'too_many_questions', size: b.length };
  try {
    const records = header.ancount + header.nscount + header.arcount;
    if (records > MAX_QUERY_RECORDS) throw new WireError('count_out_of_bounds');
    let edns: Edns | undefined;
    for (let i = 0; i < records; i++) {
      const r = readRecord(b, o);
      o = r.next;
      if (r.record.type !== T.OPT) continue;
      // RFC 6891 §6.1.1: one OPT, in the additional section, owned by the root.
      if (edns || i < header.ancount + header.nscount || r.record.labels.length) throw new WireError('bad_opt');
      edns = { udpSize: r.record.class, version: (r.record.ttl >>> 16) & 0xff, do: (r.record.ttl & 0x8000) !== 0, options: readOpt(r.record.rdata) };
    }
    return { kind: 'query', header, questions, ...(edns ? { edns } : {}), size: b.length };
  } catch (err) {
    return { kind: 'malformed', header, questions, error: err instanceof WireError ? err.message : 'parse_failed', size: b.length };
  }
}

export type TcpFrame = { kind: 'message'; bytes: Buffer } | { kind: 'too_large'; size: number };

/** RFC 1035 §4.2.2 framing; a message longer than `maxMessageBytes` is reported, never buffered whole. */
export class TcpFramer {
  private readonly q = new ByteQueue();
  private failed = false;

  constructor(private readonly maxMessageBytes: number) {}

  get buffered(): number {
    return this.q.length;
  }

  push(chunk: Uint8Array): void {
    if (!this.failed) this.q.push(chunk);
  }

  next(): TcpFrame | undefined {
    if (this.failed || this.q.length < 2) return undefined;
    const size = (this.q.at(0) << 8) | this.q.at(1);
    if (size > this.maxMessageBytes) {
      this.failed = true;
      this.q.clear();
      return { kind: 'too_large', size };
    }
    if (this.q.length < 2 + size) return undefined;
    this.q.skip(2);
    return { kind: 'message', bytes: this.q.take(size) };
  }
}
