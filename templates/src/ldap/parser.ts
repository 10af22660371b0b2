// LDAPv3 requests (RFC 4511 §4): framing of LDAPMessage SEQUENCEs from the stream (bounded, split
// anywhere), decoding of the operations a directory server sees before a successful bind, and a
// bounded RFC 4515 rendering of search filters for the `search` event. No I/O.
import { ByteQueue } from '../_io/byte-queue';
import { BerError, children, int, MAX_DEPTH, readHeader, str, type Tlv } from './ber';

export type LdapFrame = { kind: 'message'; bytes: Buffer } | { kind: 'error'; error: string; length?: number };

export class LdapReader {
  private readonly q = new ByteQueue();
  constructor(private readonly maxMessage: number) {}

  push(chunk: Uint8Array): void {
    this.q.push(chunk);
  }

  clear(): void {
    this.q.clear();
  }

  next(): LdapFrame | undefined {
    if (this.q.length < 2) return undefined;
    const head = this.q.copy(0, 6);
    if (head[0] !== 0x30) return { kind: 'error', error: 'not an LDAPMessage' };
    let h: ReturnType<typeof readHeader>;
    try {
      h = readHeader(head, 0, this.maxMessage);
    } catch (e) {
      const m = /length (\d+) over/.exec(String((e as Error).message));
      return { kind: 'error', error: (e as Error).message, ...(m ? { length: Number(m[1]) } : {}) };
    }
    if (!h || this.q.length < h.headerLen + h.length) return undefined;
    const all = this.q.take(h.headerLen + h.length);
    return { kind: 'message', bytes: all.subarray(h.headerLen) };
  }
}

export type LdapOp =
  | { type: 'bind'; version: number; name: string; method: 'simple'; password: Buffer }
  | { type: 'bind'; version: number; name: string; method: 'sasl'; mechanism: string; credentials?: Buffer }
  | { type: 'bind'; version: number; name: string; method: 'sicily'; step: 'discovery' | 'negotiate' | 'response'; token: Buffer }
  | { type: 'unbind' }
  | { type: 'search'; base: string; scope: number; deref: number; sizeLimit: number; timeLimit: number; typesOnly: boolean; filter: string; attributes: string[] }
  | { type: 'extended'; name: string; value?: Buffer }
  | { type: 'abandon' }
  | { type: 'other'; tag: number };

export interface LdapRequest {
  id: number;
  op: LdapOp;
}

const MAX_ATTRS = 64;

/** RFC 4511 §4.1.1 LDAPMessage content; throws BerError when malformed. */
export function decodeMessage(content: Buffer): LdapRequest {
  const [idT, opT] = children(content);
  if (!idT || idT.tag !== 0x02 || !opT) throw new BerError('bad LDAPMessage');
  const id = int(idT);
  return { id, op: decodeOp(opT) };
}

function decodeOp(t: Tlv): LdapOp {
  switch (t.tag) {
    case 0x60: {
      // §4.2 BindRequest: version, name, authentication CHOICE { simple [0], sasl [3] }.
      const [v, name, auth] = children(t.value);
      if (!auth) throw new BerError('bad BindRequest');
      if (auth.tag === 0x80) return { type: 'bind', version: int(v), name: str(name), method: 'simple', password: auth.value.subarray(0, 1024) };
      if (auth.tag === 0xa3) {
        const [mech, creds] = children(auth.value);
        return { type: 'bind', version: int(v), name: str(name), method: 'sasl', mechanism: str(mech, 64), ...(creds ? { credentials: creds.value } : {}) };
      }
      // MS-ADTS Sicily NTLM binds ([9] discovery, [10] negotiate, [11] response), used by ldap3/impacket.
      const sicily = ({ 0x89: 'discovery', 0x8a: 'negotiate', 0x8b: 'response' } as const)[auth.tag as 0x89 | 0x8a | 0x8b];
      if (sicily) return { type: 'bind', version: int(v), name: str(name), method: 'sicily', step: sicily, token: auth.value };
      throw new BerError('unknown authentication choice');
    }
    case 0x42:
      return { type: 'unbind' };
    case 0x63: {
      // §4.5.1 SearchRequest.
      const [base, scope, deref, size, time, typesOnly, filter, attrs] = children(t.value);
      if (!filter || !attrs) throw new BerError('bad SearchRequest');
      return {
        type: 'search', base: str(base), scope: int(scope), deref: int(deref), sizeLimit: int(size), timeLimit: int(time),
        typesOnly: (typesOnly?.value[0] ?? 0) !== 0, filter: renderFilter(filter, 0).slice(0, 512),
        attributes: children(attrs.value).slice(0, MAX_ATTRS).map((a) => str(a, 128)),
      };
    }
    case 0x77: {
      // §4.12 ExtendedRequest: requestName [0], requestValue [1].
      const [name, value] = children(t.value);
      if (!name || name.tag !== 0x80) throw new BerError('bad ExtendedRequest');
      return { type: 'extended', name: str(name, 128), ...(value ? { value: value.value } : {}) };
    }
    case 0x50:
      return { type: 'abandon' };
    default:
      return { type: 'other', tag: t.tag };
  }
}

const escapeValue = (v: Buffer): string => v.toString('utf8').slice(0, 128).replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** RFC 4515 string form of a Filter (RFC 4511 §4.5.1.7), depth-bounded. */
export function renderFilter(t: Tlv, depth: number): string {
  if (depth > MAX_DEPTH) throw new BerError('filter too deep');
  const pair = (op: string): string => {
    const [a, v] = children(t.value);
    return `(${str(a, 128)}${op}${v ? escapeValue(v.value) : ''})`;
  };
  switch (t.tag) {
    case 0xa0:
    case 0xa1:
      return `(${t.tag === 0xa0 ? '&' : '|'}${children(t.value).slice(0, 32).map((c) => renderFilter(c, depth + 1)).join('')})`;
    case 0xa2: {
      const [c] = children(t.value);
      return `(!${c ? renderFilter(c, depth + 1) : ''})`;
    }
    case 0xa3:
      return pair('=');
    case 0xa5:
      return pair('>=');
    case 0xa6:
      return pair('<=');
    case 0xa8:
      return pair('~=');
    case 0x87:
      return `(${str(t, 128)}=*)`;
    case 0xa4: {
      const [a, subs] = children(t.value);
      const parts = subs ? children(subs.value).slice(0, 16) : [];
      const initial = parts.find((p) => p.tag === 0x80);
      const final = parts.find((p) => p.tag === 0x82);
      const any = parts.filter((p) => p.tag === 0x81).map((p) => `${escapeValue(p.value)}*`).join('');
      const s = `${initial ? escapeValue(initial.value) : ''}*${any}${final ? escapeValue(final.value) : ''}`;
      return `(${str(a, 128)}=${s})`;
    }
    case 0xa9:
      return '(extensible)';
    default:
      throw new BerError(`unknown filter choice 0x${t.tag.toString(16)}`);
  }
}
