// Bait documents of the persona's indices, generated on demand from the decky seed and the index
// name (never stored, identical on every query): customer records with emails and password
// hashes, orders with card tails, log lines naming internal hosts.
import { FIRST_NAMES, LAST_NAMES } from '../persona/names';
import { rngFor, type Rng } from '../persona/rng';
import type { EsIndex } from './persona';

export interface EsHit {
  _index: string;
  _type?: string;
  _id: string;
  _score: number;
  _source: Record<string, unknown>;
}

const ISO = (ms: number): string => new Date(ms).toISOString();
const bcrypt = (r: Rng): string => {
  const a = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '$2a$10$';
  for (let i = 0; i < 53; i++) s += a[r.int(0, 63)];
  return s;
};

function source(ix: EsIndex, r: Rng, i: number, domain: string, baseMs: number): Record<string, unknown> {
  const first = r.pick(FIRST_NAMES);
  const last = r.pick(LAST_NAMES);
  const email = `${first}.${last}@${r.pick(['gmail.com', 'outlook.com', 'yahoo.com', domain])}`.toLowerCase();
  const at = ISO(baseMs - r.int(0, 400 * 86_400) * 1000);
  if (ix.kind === 'people') {
    return { id: 1000 + i * 7 + r.int(0, 6), first_name: first, last_name: last, email, phone: `+1-${r.int(201, 989)}-555-${String(r.int(0, 9999)).padStart(4, '0')}`, password_hash: bcrypt(r), created_at: at, active: r.chance(0.9) };
  }
  if (ix.kind === 'orders') {
    return { order_id: `ORD-${r.int(100_000, 999_999)}`, customer_email: email, amount: r.int(500, 250_000) / 100, currency: r.pick(['USD', 'EUR', 'GBP']), card_brand: r.pick(['visa', 'mastercard', 'amex']), card_last4: String(r.int(0, 9999)).padStart(4, '0'), status: r.pick(['paid', 'paid', 'refunded', 'pending']), created_at: at };
  }
  const host = `${r.pick(['app', 'api', 'db', 'worker'])}-${r.int(1, 4)}.${domain}`;
  return { '@timestamp': at, host: { name: host }, log: { level: r.pick(['INFO', 'INFO', 'WARN', 'ERROR']) }, message: r.pick([`Connected to postgres://app@db-1.${domain}:5432/prod`, `User ${first.toLowerCase()} logged in from 10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`, 'Payment gateway timeout after 30000ms', `Loaded config from /etc/app/secrets.yml`]) };
}

/** The first `size` hits of an index (from offset `from`), deterministic per decky. */
export function baitHits(seed: string, ix: EsIndex, from: number, size: number, domain: string, baseMs: number, withType: boolean): EsHit[] {
  const out: EsHit[] = [];
  for (let i = from; i < Math.min(ix.docs, from + size); i++) {
    const r = rngFor(seed, `es-doc:${ix.name}:${i}`);
    const id = r.hex(20);
    out.push({ _index: ix.name, ...(withType ? { _type: '_doc' } : {}), _id: id, _score: 1, _source: source(ix, r, i, domain, baseMs) });
  }
  return out;
}
