// JARM (Salesforce, BSD-3): read each probe's answer as the reference scanner's read_packet() and
// extract_extension_info() do, quirks included (a single read of at most 1484 bytes, fixed offsets,
// Python slice semantics), then its fuzzy hash jarm_hash(); and the scan that sends the ten probes.
import { createHash } from 'node:crypto';
import { buildClientHello, JARM_PROBES } from './jarm-hello';
import { firstReply } from './tcp';

/** The reference reads one recv(1484). */
export const JARM_READ_BYTES = 1484;
const EMPTY = '|||';
const ALL_EMPTY = Array(10).fill(EMPTY).join(',');

class IndexErr extends Error {}
class ValueErr extends Error {}

/** Python-like view: indexing out of range throws IndexError, slicing clamps. */
function view(d: Uint8Array) {
  return {
    at(i: number): number {
      if (i >= d.length) throw new IndexErr();
      return d[i]!;
    },
    slice: (a: number, b: number): Uint8Array => d.subarray(Math.min(a, d.length), Math.max(Math.min(b, d.length), Math.min(a, d.length))),
  };
}
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** int(codecs.encode(b, 'hex'), 16): an empty slice raises ValueError. */
function hexInt(b: Uint8Array): number {
  if (b.length === 0) throw new ValueErr();
  return b.reduce((n, x) => n * 256 + x, 0);
}
const same = (a: Uint8Array, b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** read_packet(): `cipher|version|alpn|ext-ext` for one answer, `|||` for none or an alert. */
export function readServerHello(data: Uint8Array | null): string {
  if (data === null) return EMPTY;
  const v = view(data);
  try {
    if (v.at(0) === 21) return EMPTY;
    if (!(v.at(0) === 22 && v.at(5) === 2)) return EMPTY;
    const s = v.slice(3, 5);
    const serverHelloLength = s.reduce((n, x) => n * 256 + x, 0);
    const counter = v.at(43);
    const cipher = v.slice(counter + 44, counter + 46);
    const version = v.slice(9, 11);
    return `${toHex(cipher)}|${toHex(version)}|${extensionInfo(data, counter, serverHelloLength)}`;
  } catch {
    return EMPTY;
  }
}

function extensionInfo(data: Uint8Array, counter: number, serverHelloLength: number): string {
  const v = view(data);
  try {
    if (v.at(counter + 47) === 11) return '|';
    if (same(v.slice(counter + 50, counter + 53), [0x0e, 0xac, 0x0b]) || same(v.slice(82, 85), [0x0f, 0xf0, 0x0b])) return '|';
    if (counter + 42 >= serverHelloLength) return '|';
    let count = 49 + counter;
    const length = hexInt(v.slice(counter + 47, counter + 49));
    const maximum = length + (count - 1);
    const types: Uint8Array[] = [];
    const values: Array<Uint8Array | ''> = [];
    while (count < maximum) {
      types.push(v.slice(count, count + 2));
      const extLength = hexInt(v.slice(count + 2, count + 4));
      if (extLength === 0) {
        count += 4;
        values.push('');
      } else {
        values.push(v.slice(count + 4, count + 4 + extLength));
        count += extLength + 4;
      }
    }
    return `${findAlpn(types, values)}|${types.map(toHex).join('-')}`;
  } catch (e) {
    if (e instanceof IndexErr) return '|';
    throw e;
  }
}

/** find_extension(b"\x00\x10"): the ALPN value past its 3 length bytes, decoded as strict UTF-8. */
function findAlpn(types: Uint8Array[], values: Array<Uint8Array | ''>): string {
  for (let i = 0; i < types.length; i++) {
    if (!same(types[i]!, [0x00, 0x10])) continue;
    const val = values[i]!;
    if (val === '') throw new ValueErr(); // the reference calls str.decode(): AttributeError
    return new TextDecoder('utf-8', { fatal: true }).decode(val.subarray(3));
  }
  return '';
}

// cipher_bytes(): the index (1-based, hex) of the chosen suite in this list; 0x46 when absent.
const HASH_CIPHERS = [
  '0004', '0005', '0007', '000a', '0016', '002f', '0033', '0035', '0039', '003c', '003d', '0041', '0045', '0067', '006b', '0084',
  '0088', '009a', '009c', '009d', '009e', '009f', '00ba', '00be', '00c0', '00c4', 'c007', 'c008', 'c009', 'c00a', 'c011', 'c012',
  'c013', 'c014', 'c023', 'c024', 'c027', 'c028', 'c02b', 'c02c', 'c02f', 'c030', 'c060', 'c061', 'c072', 'c073', 'c076', 'c077',
  'c09c', 'c09d', 'c09e', 'c09f', 'c0a0', 'c0a1', 'c0a2', 'c0a3', 'c0ac', 'c0ad', 'c0ae', 'c0af', 'cc13', 'cc14', 'cca8', 'cca9',
  '1301', '1302', '1303', '1304', '1305',
];

function cipherByte(c: string): string {
  if (c === '') return '00';
  const i = HASH_CIPHERS.indexOf(c);
  return (i < 0 ? HASH_CIPHERS.length + 1 : i + 1).toString(16).padStart(2, '0');
}

/** version_byte(): the 4th hex digit of the version picks a letter ("0303" -> "d"). */
function versionByte(v: string): string {
  if (v === '') return '0';
  return 'abcdef'[Number.parseInt(v.slice(3, 4), 10)] ?? '0';
}

/** jarm_hash(): 62 hex chars (30 from ciphers and versions, 32 of sha256 over ALPNs and extensions). */
export function jarmHash(raw: string): string {
  if (raw === ALL_EMPTY) return '0'.repeat(62);
  let fuzzy = '';
  let alpnsAndExt = '';
  for (const handshake of raw.split(',')) {
    const c = handshake.split('|');
    fuzzy += cipherByte(c[0] ?? '') + versionByte(c[1] ?? '');
    alpnsAndExt += (c[2] ?? '') + (c[3] ?? '');
  }
  return fuzzy + createHash('sha256').update(alpnsAndExt, 'utf8').digest('hex').slice(0, 32);
}

export interface JarmResult {
  jarm: string;
  raw: string;
  /** A probe timed out: the reference then reports the all-zero hash. */
  timedOut: boolean;
}

/** Sends the ten probes one after another to host:port (host also goes into SNI, as the reference does). */
export async function jarmScan(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<JarmResult> {
  const parts: string[] = [];
  for (const probe of JARM_PROBES) {
    signal?.throwIfAborted();
    const r = await firstReply({ host, port, send: buildClientHello(host, probe), maxBytes: JARM_READ_BYTES, timeoutMs, signal });
    if (r === 'timeout') return { jarm: jarmHash(ALL_EMPTY), raw: ALL_EMPTY, timedOut: true };
    parts.push(readServerHello(r));
  }
  const raw = parts.join(',');
  return { jarm: jarmHash(raw), raw, timedOut: false };
}
