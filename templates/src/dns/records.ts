// Resource records and messages as the dns template builds them (RFC 1035 §3.2, §4.1): type and
// class numbers, their mnemonics for the log, and the response shape the encoder writes.

/** RFC 1035 §3.2.2, RFC 3596, RFC 6891, RFC 1995/5936. */
export const T = { A: 1, NS: 2, CNAME: 5, SOA: 6, NULL: 10, PTR: 12, HINFO: 13, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, DS: 43, RRSIG: 46, DNSKEY: 48, IXFR: 251, AXFR: 252, ANY: 255 } as const;
export const C = { IN: 1, CH: 3, HS: 4, ANY: 255 } as const;
/** RFC 1035 §4.1.1, RFC 6891 §9 (BADVERS is extended: 16). */
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, NOTAUTH: 9, BADVERS: 16 } as const;

const TYPE_NAMES = new Map<number, string>(Object.entries(T).map(([k, v]) => [v, k]));
const CLASS_NAMES = new Map<number, string>(Object.entries(C).map(([k, v]) => [v, k]));
const RCODE_NAMES = new Map<number, string>(Object.entries(RCODE).map(([k, v]) => [v, k]));

/** RFC 3597 §5 style for unknown numbers (TYPE65280). */
export const typeName = (t: number): string => TYPE_NAMES.get(t) ?? `TYPE${t}`;
export const className = (c: number): string => CLASS_NAMES.get(c) ?? `CLASS${c}`;
export const rcodeName = (r: number): string => RCODE_NAMES.get(r) ?? `RCODE${r}`;

export type Rdata =
  | { kind: 'a'; ip: string }
  | { kind: 'aaaa'; ip: string }
  /** NS, CNAME, PTR: one (compressible, RFC 1035 §4.1.4) domain name. */
  | { kind: 'name'; name: string }
  | { kind: 'mx'; pref: number; host: string }
  | { kind: 'txt'; strings: string[] }
  | { kind: 'soa'; mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number };

export interface Rr {
  /** Lower case, no trailing dot. */
  name: string;
  type: number;
  /** Default IN. */
  class?: number;
  ttl: number;
  data: Rdata;
}

export interface EdnsOption {
  code: number;
  data: Uint8Array;
}

export interface ResponseMessage {
  id: number;
  opcode: number;
  aa: boolean;
  rd: boolean;
  ra: boolean;
  cd: boolean;
  /** Full rcode; values above 15 go to the OPT record's extended rcode (RFC 6891 §6.1.3). */
  rcode: number;
  /** The question as it arrived (labels keep the sender's case, as BIND echoes them). */
  question?: { labels: Uint8Array[]; qtype: number; qclass: number };
  answer: Rr[];
  authority: Rr[];
  additional: Rr[];
  /** Present when the query carried EDNS (RFC 6891 §7: answer with OPT only then). */
  edns?: { udpSize: number; do: boolean; options: EdnsOption[] };
}
