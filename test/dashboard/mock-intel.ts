// Stand-in answers for intelligence routes a control plane does not have yet, computed from the
// seeded dataset so the screenshots show consistent data. The tour only uses a route from here
// when the real control plane answers it with 404 "No route".
import type { ServiceEvent } from '@decnet/protocol';
import { ATTACKERS } from './dataset';

type Ev = ServiceEvent & { seq: number; hostId: string };
type Q = URLSearchParams;

const attackerId = (ip: string) => `att-${ip.replace(/[.:]/g, '-')}`;
const isCred = (e: ServiceEvent) => e.fields.secret_printable !== undefined;

function filterEvents(all: Ev[], q: Q): Ev[] {
  const from = q.get('from') ? Date.parse(q.get('from')!) : -Infinity;
  const to = q.get('to') ? Date.parse(q.get('to')!) : Infinity;
  const needle = q.get('q')?.toLowerCase();
  return all.filter((e) => {
    const t = Date.parse(e.ts);
    if (t < from || t > to) return false;
    for (const k of ['decky', 'service', 'eventType', 'srcIp'] as const) if (q.get(k) && e[k] !== q.get(k)) return false;
    return !needle || [e.raw, ...Object.values(e.fields)].some((v) => v.toLowerCase().includes(needle));
  });
}

function view(e: Ev) {
  return { id: e.id, seq: e.seq, ts: e.ts, hostId: e.hostId, decky: e.decky, service: e.service, eventType: e.eventType, srcIp: e.srcIp ?? null, srcPort: e.srcPort ?? null, fields: e.fields, msg: e.msg ?? null, raw: e.raw };
}

function credentials(evs: Ev[]) {
  const map = new Map<string, { e: Ev; attempts: number; first: string; last: string; targets: Map<string, { decky: string; service: string }>; ips: Set<string>; outcome: string | null }>();
  for (const e of evs.filter(isCred)) {
    const key = `${e.fields.secret_kind}|${e.fields.principal}|${e.fields.secret_printable}`;
    const c = map.get(key) ?? { e, attempts: 0, first: e.ts, last: e.ts, targets: new Map(), ips: new Set(), outcome: null };
    c.attempts++;
    c.last = e.ts;
    c.targets.set(`${e.decky}/${e.service}`, { decky: e.decky, service: e.service });
    if (e.srcIp) c.ips.add(e.srcIp);
    if (e.fields.outcome === 'success' || !c.outcome) c.outcome = e.fields.outcome ?? null;
    map.set(key, c);
  }
  return [...map.values()].map((c, i) => ({
    id: `cred-${i}`,
    secretSha256: `${i.toString(16).padStart(4, '0')}${'9f'.repeat(30)}`,
    kind: c.e.fields.secret_kind!,
    principal: c.e.fields.principal ?? '',
    secretPrintable: c.e.fields.secret_printable!,
    outcome: c.outcome,
    attempts: c.attempts,
    firstSeen: c.first,
    lastSeen: c.last,
    targets: [...c.targets.values()],
    attackerIps: [...c.ips],
  }));
}

function sessions(evs: Ev[]) {
  const groups = new Map<string, Ev[]>();
  for (const e of evs) if (e.srcIp) groups.set(`${e.srcIp}|${e.decky}|${e.service}`, [...(groups.get(`${e.srcIp}|${e.decky}|${e.service}`) ?? []), e]);
  return [...groups.entries()]
    .filter(([, list]) => list.length > 1)
    .map(([key, list], i) => {
      const [ip, decky, service] = key.split('|') as [string, string, string];
      const cmds = list.filter((e) => e.fields.command).map((e) => ({ ts: e.ts, cmd: e.fields.command! }));
      const start = Date.parse(list[0]!.ts);
      const end = Date.parse(list.at(-1)!.ts);
      return { id: `sess-${i}`, attackerId: attackerId(ip), srcIp: ip, decky, service, startedAt: list[0]!.ts, endedAt: list.at(-1)!.ts, durationMs: end - start, commandCount: cmds.length, commands: cmds, eventCount: list.length };
    });
}

function attackerSummary(ip: string, evs: Ev[]) {
  const mine = evs.filter((e) => e.srcIp === ip);
  const script = ATTACKERS.find((a) => a.ip === ip);
  const deckies = [...new Set(mine.map((e) => e.decky))];
  return {
    id: attackerId(ip),
    ip,
    firstSeen: mine[0]!.ts,
    lastSeen: mine.at(-1)!.ts,
    eventCount: mine.length,
    services: [...new Set(mine.map((e) => e.service))],
    deckies,
    isTraversal: deckies.length > 1,
    credentialCount: credentials(mine).length,
    sessionCount: sessions(mine).length,
    behaviorClass: script?.behaviorClass ?? (mine.length < 3 ? 'scanner' : null),
    toolGuesses: script?.toolGuesses ?? [],
    phases: script?.phases ?? ['reconnaissance'],
  };
}

function json(body: unknown) {
  return { status: 200, contentType: 'application/json', body: JSON.stringify(body) };
}

/** Answers one missing route, or null when this module has no stand-in for it. */
export function mockIntel(path: string, q: Q, all: Ev[]): { status: number; contentType: string; body: string; headers?: Record<string, string> } | null {
  const evs = [...all].sort((a, b) => a.ts.localeCompare(b.ts));
  const ips = [...new Set(evs.filter((e) => e.srcIp).map((e) => e.srcIp!))];
  if (path === '/events') {
    const list = filterEvents(evs, q).reverse();
    const offset = Number(q.get('cursor') ?? 0);
    const limit = Math.min(500, Number(q.get('limit') ?? 100));
    return json({ items: list.slice(offset, offset + limit).map(view), nextCursor: offset + limit < list.length ? String(offset + limit) : null });
  }
  if (path === '/events/histogram') {
    const step = Number(q.get('intervalS') ?? 3600) * 1000;
    const counts = new Map<number, number>();
    for (const e of filterEvents(evs, q)) counts.set(Math.floor(Date.parse(e.ts) / step) * step, (counts.get(Math.floor(Date.parse(e.ts) / step) * step) ?? 0) + 1);
    return json({ intervalS: step / 1000, buckets: [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([t, count]) => ({ ts: new Date(t).toISOString(), count })) });
  }
  if (path === '/stats') {
    const inRange = filterEvents(evs, q);
    const count = (key: (e: Ev) => string | undefined) => {
      const m = new Map<string, number>();
      for (const e of inRange) {
        const k = key(e);
        if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
      }
      return [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
    };
    const creds = credentials(inRange);
    return json({
      events: inRange.length,
      attackers: new Set(inRange.map((e) => e.srcIp)).size,
      credentials: creds.length,
      activeDeckies: 5,
      topAttackers: count((e) => e.srcIp).map(([ip, c]) => ({ ip, attackerId: attackerId(ip), count: c })),
      topServices: count((e) => e.service).map(([service, c]) => ({ service, count: c })),
      topCredentials: creds.sort((a, b) => b.attempts - a.attempts).slice(0, 6).map((c) => ({ principal: c.principal, secretPrintable: c.secretPrintable, kind: c.kind, count: c.attempts })),
    });
  }
  if (path === '/attackers') {
    const needle = q.get('q')?.toLowerCase();
    let items = ips.map((ip) => attackerSummary(ip, evs)).filter((a) => !needle || JSON.stringify(a).toLowerCase().includes(needle));
    const sort = q.get('sort') ?? 'lastSeen';
    const dir = q.get('order') === 'asc' ? 1 : -1;
    const key = (a: ReturnType<typeof attackerSummary>) => (sort === 'events' ? a.eventCount : sort === 'ip' ? a.ip : sort === 'firstSeen' ? a.firstSeen : a.lastSeen);
    items = items.sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : 0));
    const offset = Number(q.get('offset') ?? 0);
    const limit = Number(q.get('limit') ?? 50);
    return json({ items: items.slice(offset, offset + limit), total: items.length });
  }
  const detail = path.match(/^\/attackers\/([^/]+)$/);
  if (detail && detail[1] !== 'export') {
    const ip = ips.find((x) => attackerId(x) === decodeURIComponent(detail[1]!));
    if (!ip) return { status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'not_found', message: 'Attacker not found' } }) };
    const mine = evs.filter((e) => e.srcIp === ip);
    const a = attackerSummary(ip, evs);
    const gaps = mine.slice(1).map((e, i) => (Date.parse(e.ts) - Date.parse(mine[i]!.ts)) / 1000);
    const mean = gaps.length ? gaps.reduce((x, y) => x + y, 0) / gaps.length : null;
    const stdev = mean === null ? null : Math.sqrt(gaps.reduce((x, y) => x + (y - mean) ** 2, 0) / gaps.length);
    return json({
      attacker: { ...a, profile: { behaviorClass: a.behaviorClass, toolGuesses: a.toolGuesses, phases: a.phases, timing: { meanIatS: mean, stdevIatS: stdev, count: gaps.length } } },
      sessions: sessions(mine),
      credentials: credentials(mine),
      artifacts: mine.filter((e) => e.eventType === 'file_captured').map((e) => ({ sha256: e.fields.sha256!, size: Number(e.fields.size), name: e.fields.filename!, decky: e.decky, service: e.service, ts: e.ts })),
      commands: mine.filter((e) => e.fields.command).map((e) => ({ ts: e.ts, decky: e.decky, service: e.service, cmd: e.fields.command! })),
      events: [...mine].reverse().slice(0, 200).map(view),
    });
  }
  if (/^\/attackers\/(?:[^/]+\/)?export$/.test(path)) {
    return { status: 200, contentType: 'text/csv', body: 'ip,events\n', headers: { 'content-disposition': 'attachment; filename="attackers.csv"' } };
  }
  if (path === '/sessions') return json({ items: sessions(evs), total: sessions(evs).length });
  if (path === '/credentials') {
    const needle = q.get('q')?.toLowerCase();
    const items = credentials(evs).filter((c) => (!needle || `${c.principal} ${c.secretPrintable}`.toLowerCase().includes(needle)) && (!q.get('kind') || c.kind === q.get('kind')));
    return json({ items: items.slice(0, Number(q.get('limit') ?? 50)), total: items.length });
  }
  if (path === '/credentials/reuse') {
    const bySecret = new Map<string, ReturnType<typeof credentials>>();
    for (const c of credentials(evs)) bySecret.set(`${c.kind}|${c.secretPrintable}`, [...(bySecret.get(`${c.kind}|${c.secretPrintable}`) ?? []), c]);
    const items = [...bySecret.values()]
      .map((cs, i) => {
        const targets = cs.flatMap((c) => c.targets);
        return { id: `reuse-${i}`, secretSha256: cs[0]!.secretSha256, kind: cs[0]!.kind, principal: cs[0]!.principal, secretPrintable: cs[0]!.secretPrintable, deckies: [...new Set(targets.map((t) => t.decky))], services: [...new Set(targets.map((t) => t.service))], attackerIps: [...new Set(cs.flatMap((c) => c.attackerIps))], targetCount: new Set(targets.map((t) => `${t.decky}/${t.service}`)).size, attempts: cs.reduce((s, c) => s + c.attempts, 0), firstSeen: cs[0]!.firstSeen, lastSeen: cs.at(-1)!.lastSeen };
      })
      .filter((r) => r.targetCount > 1);
    return json({ items });
  }
  return null;
}
