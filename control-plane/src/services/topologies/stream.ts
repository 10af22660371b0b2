// GET /topologies/{id}/stream (Server-Sent Events): a `snapshot` frame, then `status`, `mutation`
// and `decky` frames as the database changes (polled every 500 ms per stream, so any instance can
// serve any client and Workers need no cross-request wake-ups). A version change (someone applied
// a mutation) sends a fresh snapshot. Authenticated like /stream: a single-use ticket or a bearer.
import type { TopologyStreamFrame } from '@decnet/protocol';
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { desc, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { deckies, topologies, topologyMutations } from '../../db/schema';
import { AppError } from '../../errors';
import { toDeckyView } from '../deckies/view';
import { authorizeStream } from '../../http/stream-auth';
import { getTopologyRow } from './store';
import { snapshotOf, toMutationView } from './view';

export const TOPOLOGY_STREAM_POLL_MS = 500;
const STREAM_MAX_MS = 30 * 60_000;
const KEEPALIVE_MS = 15_000;

const send = (stream: SSEStreamingApi, f: TopologyStreamFrame) => stream.writeSSE({ event: f.type, data: JSON.stringify(f) });

export function topologyStreamHandler(deps: AppDeps) {
  return async (c: Context) => {
    await authorizeStream(deps, c);
    const id = c.req.param('id') ?? '';
    await getTopologyRow(deps, id); // 404 before the stream opens
    return streamSSE(c, async (stream) => {
      const started = deps.now();
      let status = '';
      let version = -1;
      const mutations = new Map<string, string>();
      const deckyState = new Map<string, string>();
      let lastWrite = deps.now();
      while (!stream.aborted && deps.now() - started < STREAM_MAX_MS) {
        const t = await deps.db.select().from(topologies).where(eq(topologies.id, id)).get();
        if (!t) break; // deleted
        if (t.version !== version) {
          const snapshot = await snapshotOf(deps, t);
          await send(stream, { type: 'snapshot', snapshot });
          version = t.version;
          status = JSON.stringify([t.status, t.statusReason, t.version, t.appliedVersion, t.isolated]);
          for (const m of snapshot.pendingMutations) mutations.set(m.id, m.status);
          deckyState.clear();
          for (const d of snapshot.deckies) deckyState.set(d.name, JSON.stringify(d.reported));
          lastWrite = deps.now();
        }
        const s = JSON.stringify([t.status, t.statusReason, t.version, t.appliedVersion, t.isolated]);
        if (s !== status) {
          await send(stream, { type: 'status', status: t.status, statusReason: t.statusReason, version: t.version, appliedVersion: t.appliedVersion, isolated: t.isolated });
          status = s;
          lastWrite = deps.now();
        }
        const ms = await deps.db.select().from(topologyMutations).where(eq(topologyMutations.topologyId, id)).orderBy(desc(topologyMutations.resultVersion)).limit(50);
        for (const m of ms.reverse()) {
          if (mutations.get(m.id) === m.status) continue;
          mutations.set(m.id, m.status);
          await send(stream, { type: 'mutation', mutation: toMutationView(m) });
          lastWrite = deps.now();
        }
        const ds = await deps.db.select().from(deckies).where(eq(deckies.topologyId, id));
        const seen = new Set<string>();
        for (const d of ds) {
          seen.add(d.name);
          const reported = toDeckyView(d).reported;
          const key = JSON.stringify(reported);
          if (deckyState.get(d.name) === key) continue;
          deckyState.set(d.name, key);
          await send(stream, { type: 'decky', name: d.name, reported, removed: false });
          lastWrite = deps.now();
        }
        for (const name of [...deckyState.keys()].filter((n) => !seen.has(n))) {
          deckyState.delete(name);
          await send(stream, { type: 'decky', name, reported: null, removed: true });
          lastWrite = deps.now();
        }
        if (deps.now() - lastWrite >= KEEPALIVE_MS) {
          await stream.write(': keep-alive\n\n');
          lastWrite = deps.now();
        }
        await stream.sleep(TOPOLOGY_STREAM_POLL_MS);
      }
    });
  };
}
