// p0f v3 TCP SYN fingerprinting: the observed signature of a SYN in p0f's format
// (ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass) and its OS guess from p0f's own database
// (data/p0f.fp, LGPL-2.1, Michal Zalewski; data/p0f.LICENSE), matched the way p0f 3.09 does:
// a specific exact match wins, then a generic one, then a fuzzy one (TTL distance or DF/ID quirks).
// @decnet-build keep-import-meta: `./data/p0f.fp` is beside this source, or beside the bundle (dist/data/).
import { readFileSync } from 'node:fs';
import { TCP, type TcpSegment } from './packet';

export interface P0fGuess {
  /** The observed signature, p0f's `raw_sig`. */
  signature: string;
  /** e.g. "Linux 3.11 and newer", "Windows 7 or 8", "nmap SYN scan"; undefined when nothing matched. */
  os?: string;
  /** unix, win, other, or ! for tools. */
  osClass?: string;
  fuzzy: boolean;
  generic: boolean;
  /** Hops between the sender and us (initial TTL minus observed). */
  distance: number;
}

interface Sig {
  label: { generic: boolean; cls: string; name: string; flavor: string };
  ver: '4' | '6' | '*';
  ittl: number;
  badTtl: boolean;
  olen: number;
  mss: number | undefined;
  win: { kind: 'any' } | { kind: 'exact' | 'mod' | 'mss' | 'mtu'; v: number };
  scale: number | undefined;
  olayout: string;
  quirks: Set<string>;
  pclass: '0' | '+' | '*';
}

const MAX_DIST = 35;
const DEFAULT_DB = new URL('./data/p0f.fp', import.meta.url);

let cached: Sig[] | undefined;

/** The [tcp:request] signatures of a p0f v3 database. */
export function loadP0fDatabase(text?: string): Sig[] {
  if (!text && cached) return cached;
  const sigs: Sig[] = [];
  let inSection = false;
  let label: Sig['label'] | undefined;
  for (const raw of (text ?? readFileSync(DEFAULT_DB, 'utf8')).split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inSection = line === '[tcp:request]';
      continue;
    }
    if (!inSection || line.startsWith(';') || !line.includes('=')) continue;
    const [key, value] = [line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim()];
    if (key === 'label') {
      const [type, cls, name, ...flavor] = value.split(':');
      label = { generic: type === 'g', cls: cls ?? '', name: name ?? '', flavor: flavor.join(':') };
    } else if (key === 'sig' && label) {
      const s = parseSig(value, label);
      if (s) sigs.push(s);
    }
  }
  if (!text) cached = sigs;
  return sigs;
}

function parseSig(v: string, label: Sig['label']): Sig | undefined {
  const p = v.split(':');
  if (p.length !== 8) return undefined;
  const [ver, ittl, olen, mss, winScale, olayout, quirks, pclass] = p as [string, string, string, string, string, string, string, string];
  const [w, sc] = winScale.split(',') as [string, string | undefined];
  const win: Sig['win'] = w === '*' ? { kind: 'any' } : w.startsWith('mss*') ? { kind: 'mss', v: Number(w.slice(4)) } : w.startsWith('mtu*') ? { kind: 'mtu', v: Number(w.slice(4)) } : w.startsWith('%') ? { kind: 'mod', v: Number(w.slice(1)) } : { kind: 'exact', v: Number(w) };
  return {
    label, ver: ver === '4' || ver === '6' ? ver : '*', ittl: parseInt(ittl, 10), badTtl: ittl.endsWith('-'), olen: Number(olen),
    mss: mss === '*' ? undefined : Number(mss), win, scale: sc === undefined || sc === '*' ? undefined : Number(sc),
    olayout, quirks: new Set(quirks ? quirks.split(',') : []), pclass: pclass === '0' || pclass === '+' ? pclass : '*',
  };
}

interface Observed {
  ver: '4' | '6';
  ttl: number;
  olen: number;
  mss: number | undefined;
  win: number;
  scale: number | undefined;
  olayout: string;
  quirks: Set<string>;
  payload: boolean;
}

function observe(s: TcpSegment): Observed {
  const layout: string[] = [];
  const quirks = new Set<string>();
  let mss: number | undefined;
  let scale: number | undefined;
  for (const o of s.options) {
    if (o.kind === 0) layout.push(`eol+${0}`);
    else if (o.kind === 1) layout.push('nop');
    else if (o.kind === 2 && o.data.length === 2) (layout.push('mss'), (mss = (o.data[0]! << 8) | o.data[1]!));
    else if (o.kind === 3 && o.data.length === 1) (layout.push('ws'), (scale = o.data[0]!));
    else if (o.kind === 4) layout.push('sok');
    else if (o.kind === 5) layout.push('sack');
    else if (o.kind === 8 && o.data.length === 8) {
      layout.push('ts');
      const own = (o.data[0]! | o.data[1]! | o.data[2]! | o.data[3]!) === 0;
      const peer = (o.data[4]! | o.data[5]! | o.data[6]! | o.data[7]!) !== 0;
      if (own) quirks.add('ts1-');
      if (peer && !(s.flags & TCP.ACK)) quirks.add('ts2+');
    } else layout.push(`?${o.kind}`);
  }
  if (s.ipVersion === 4) {
    if (s.df) quirks.add('df');
    if (s.df && s.ipId !== 0) quirks.add('id+');
    if (!s.df && s.ipId === 0) quirks.add('id-');
  }
  if (s.flags & (TCP.ECE | TCP.CWR)) quirks.add('ecn');
  if (s.reserved) quirks.add('0+');
  if (s.seq === 0) quirks.add('seq-');
  if (s.ack !== 0 && !(s.flags & TCP.ACK)) quirks.add('ack+');
  if (s.urgent !== 0 && !(s.flags & TCP.URG)) quirks.add('uptr+');
  if (s.flags & TCP.URG) quirks.add('urgf+');
  if (s.flags & TCP.PSH) quirks.add('pushf+');
  if (s.optionsPastEol) quirks.add('opt+');
  if (scale !== undefined && scale > 14) quirks.add('exws');
  if (s.brokenOptions) quirks.add('bad');
  return { ver: s.ipVersion === 4 ? '4' : '6', ttl: s.ttl, olen: s.ipOptions ? 1 : 0, mss, win: s.window, scale, olayout: layout.join(','), quirks, payload: s.payload.length > 0 };
}

const QUIRK_ORDER = ['df', 'id+', 'id-', 'ecn', '0+', 'flow', 'seq-', 'ack+', 'ack-', 'uptr+', 'urgf+', 'pushf+', 'ts1-', 'ts2+', 'opt+', 'exws', 'bad'];
const initialTtl = (ttl: number): number => (ttl <= 32 ? 32 : ttl <= 64 ? 64 : ttl <= 128 ? 128 : 255);

/** p0f's guess for one SYN (no ACK) segment. */
export function p0fGuess(seg: TcpSegment, db: Sig[] = loadP0fDatabase()): P0fGuess {
  const o = observe(seg);
  const ittl = initialTtl(o.ttl);
  const winText = o.mss && o.win % o.mss === 0 && o.win > 0 ? `mss*${o.win / o.mss}` : String(o.win);
  const signature = `${o.ver}:${o.ttl}+${ittl - o.ttl}:${o.olen}:${o.mss ?? '*'}:${winText},${o.scale ?? '*'}:${o.olayout}:${QUIRK_ORDER.filter((q) => o.quirks.has(q)).join(',')}:${o.payload ? '+' : '0'}`;
  let generic: Sig | undefined;
  let fuzzy: Sig | undefined;
  for (const s of db) {
    if (s.ver !== '*' && s.ver !== o.ver) continue;
    if (s.olayout !== o.olayout || s.olen !== o.olen) continue;
    let isFuzzy = false;
    const sq = s.ver === '*' && o.ver === '6' ? new Set([...s.quirks].filter((q) => !['df', 'id+', 'id-', '0+'].includes(q))) : s.quirks;
    if (!sameSet(sq, o.quirks)) {
      const deleted = [...sq].filter((q) => !o.quirks.has(q));
      const added = [...o.quirks].filter((q) => !sq.has(q));
      if (deleted.some((q) => q !== 'df' && q !== 'id+') || added.some((q) => q !== 'id-' && q !== 'ecn')) continue;
      isFuzzy = true;
    }
    if (s.badTtl ? o.ttl > s.ittl : o.ttl > s.ittl || s.ittl - o.ttl > MAX_DIST) isFuzzy = true;
    if (s.mss !== undefined && s.mss !== o.mss) continue;
    if (s.scale !== undefined && s.scale !== o.scale) continue;
    if (s.pclass !== '*' && (s.pclass === '+') !== o.payload) continue;
    if (!winMatches(s.win, o)) continue;
    if (!isFuzzy && !s.label.generic) return result(signature, s, false, o.ttl);
    if (!isFuzzy) generic ??= s;
    else fuzzy ??= s;
  }
  if (generic) return result(signature, generic, false, o.ttl);
  if (fuzzy) return result(signature, fuzzy, true, o.ttl);
  return { signature, fuzzy: false, generic: false, distance: ittl - o.ttl };
}

function winMatches(w: Sig['win'], o: Observed): boolean {
  switch (w.kind) {
    case 'any':
      return true;
    case 'exact':
      return o.win === w.v;
    case 'mod':
      return w.v > 0 && o.win % w.v === 0;
    case 'mss':
      return o.mss !== undefined && o.mss * w.v === o.win;
    case 'mtu':
      return o.mss !== undefined && (o.mss + (o.ver === '4' ? 40 : 60)) * w.v === o.win;
  }
}

function result(signature: string, s: Sig, fuzzy: boolean, ttl: number): P0fGuess {
  const os = `${s.label.name}${s.label.flavor ? ` ${s.label.flavor}` : ''}`;
  return { signature, os, osClass: s.label.cls, fuzzy, generic: s.label.generic, distance: Math.max(0, (s.badTtl ? s.ittl : s.ittl) - ttl) };
}

const sameSet = (a: Set<string>, b: Set<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));
