// Release storage verbs (issue 19): create an upload, take its chunks, publish (hash every chunk,
// check the bundle's own package.json, sign with the CA key), register the control plane's own built
// bundle, list, delete, and stream a bundle back out one chunk at a time (bounded memory).
import { bytesToBase64, base64ToBytes, bytesToHex, MAX_RELEASE_BYTES, releaseSigningMessage, type ReleaseCreate, type ReleaseView } from '@decnet/protocol';
import { sha256 } from '@noble/hashes/sha2.js';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { agentReleaseChunks, agentReleases, hostUpdates, hosts, type AgentReleaseRow } from '../../db/schema';
import { AppError } from '../../errors';
import { BUNDLE_NAME, readBundleManifest } from './bundle-manifest';

/** 1 MiB: base64 rows stay under D1's 2 MB row limit; a chunk also fits the API body limit unless lowered. */
const MAX_CHUNK_BYTES = 1024 * 1024;

export function chunkBytesFor(deps: AppDeps): number {
  return Math.max(1024, Math.min(MAX_CHUNK_BYTES, deps.config.bodyLimitBytes));
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

async function view(deps: AppDeps, r: AgentReleaseRow): Promise<ReleaseView> {
  const [got, running] = await Promise.all([
    deps.db.select({ n: sql<number>`count(*)` }).from(agentReleaseChunks).where(eq(agentReleaseChunks.version, r.version)).get(),
    deps.db.select({ n: sql<number>`count(*)` }).from(hosts).where(and(eq(hosts.agentVersion, r.version), eq(hosts.status, 'active'))).get(),
  ]);
  return {
    version: r.version, sha256: r.sha256, size: r.size, status: r.status, signature: r.signature, chunkBytes: r.chunkBytes,
    chunkCount: Math.ceil(r.size / r.chunkBytes), chunksReceived: Number(got?.n ?? 0), notes: r.notes,
    createdAt: new Date(r.createdAtMs).toISOString(), publishedAt: iso(r.publishedAtMs), hostsRunning: Number(running?.n ?? 0),
  };
}

export async function getReleaseRow(deps: AppDeps, version: string): Promise<AgentReleaseRow> {
  const r = await deps.db.select().from(agentReleases).where(eq(agentReleases.version, version)).get();
  if (!r) throw new AppError('not_found', `No release ${version}`);
  return r;
}

export async function listReleases(deps: AppDeps): Promise<ReleaseView[]> {
  const rows = await deps.db.select().from(agentReleases).orderBy(desc(agentReleases.createdAtMs), desc(agentReleases.version)).limit(200);
  return Promise.all(rows.map((r) => view(deps, r)));
}

export async function getRelease(deps: AppDeps, version: string): Promise<ReleaseView> {
  return view(deps, await getReleaseRow(deps, version));
}

export async function createRelease(deps: AppDeps, actorId: string, req: ReleaseCreate): Promise<ReleaseView> {
  if (!deps.pki) throw new AppError('conflict', 'This control plane has no CA to sign releases with (see the README: agent enrollment)');
  const exists = await deps.db.select({ v: agentReleases.version }).from(agentReleases).where(eq(agentReleases.version, req.version)).get();
  if (exists) throw new AppError('conflict', `Release ${req.version} already exists (delete it first to replace it)`);
  const row: AgentReleaseRow = {
    version: req.version, sha256: req.sha256, size: req.size, status: 'uploading', signature: null, chunkBytes: chunkBytesFor(deps),
    notes: req.notes ?? null, createdBy: actorId, createdAtMs: deps.now(), publishedAtMs: null,
  };
  await deps.db.insert(agentReleases).values(row);
  return view(deps, row);
}

export async function putChunk(deps: AppDeps, version: string, index: number, bytes: Uint8Array): Promise<{ received: number; chunkCount: number }> {
  const r = await getReleaseRow(deps, version);
  if (r.status !== 'uploading') throw new AppError('conflict', `Release ${version} is already published`);
  const count = Math.ceil(r.size / r.chunkBytes);
  if (index >= count) throw new AppError('validation_failed', `Chunk index ${index} is out of range (this release has ${count} chunks)`);
  const expected = index === count - 1 ? r.size - index * r.chunkBytes : r.chunkBytes;
  if (bytes.length !== expected) throw new AppError('validation_failed', `Chunk ${index} must be exactly ${expected} bytes (got ${bytes.length})`);
  await deps.db.insert(agentReleaseChunks).values({ version, idx: index, dataB64: bytesToBase64(bytes) })
    .onConflictDoUpdate({ target: [agentReleaseChunks.version, agentReleaseChunks.idx], set: { dataB64: bytesToBase64(bytes) } });
  const got = await deps.db.select({ n: sql<number>`count(*)` }).from(agentReleaseChunks).where(eq(agentReleaseChunks.version, version)).get();
  return { received: Number(got?.n ?? 0), chunkCount: count };
}

/** The stored bundle as a stream, one chunk read per pull. */
export function bundleStream(deps: AppDeps, r: AgentReleaseRow): ReadableStream<Uint8Array> {
  const count = Math.ceil(r.size / r.chunkBytes);
  let i = 0;
  return new ReadableStream<Uint8Array>({
    async pull(ctl) {
      if (i >= count) return ctl.close();
      const row = await deps.db.select({ d: agentReleaseChunks.dataB64 }).from(agentReleaseChunks).where(and(eq(agentReleaseChunks.version, r.version), eq(agentReleaseChunks.idx, i))).get();
      const bytes = row ? base64ToBytes(row.d) : null;
      if (!bytes) return ctl.error(new Error(`release ${r.version}: chunk ${i} is missing`));
      i++;
      ctl.enqueue(bytes);
    },
  });
}

export async function publishRelease(deps: AppDeps, version: string): Promise<ReleaseView> {
  const r = await getReleaseRow(deps, version);
  if (r.status === 'ready') return view(deps, r);
  const count = Math.ceil(r.size / r.chunkBytes);
  const got = await deps.db.select({ n: sql<number>`count(*)` }).from(agentReleaseChunks).where(eq(agentReleaseChunks.version, version)).get();
  if (Number(got?.n ?? 0) !== count) throw new AppError('validation_failed', `Release ${version} has ${Number(got?.n ?? 0)} of its ${count} chunks`);
  const h = sha256.create();
  let size = 0;
  const reader = bundleStream(deps, r).getReader();
  for (let c = await reader.read(); !c.done; c = await reader.read()) {
    h.update(c.value);
    size += c.value.length;
  }
  const digest = bytesToHex(h.digest());
  if (digest !== r.sha256 || size !== r.size) throw new AppError('validation_failed', `The uploaded bytes do not match the release: sha256 ${digest}, ${size} bytes (declared ${r.sha256}, ${r.size} bytes)`);
  const manifest = await readBundleManifest(bundleStream(deps, r));
  if (!manifest || manifest.name !== BUNDLE_NAME) throw new AppError('validation_failed', 'This is not an agent bundle (no package.json named decnet-agent-bundle at its top level; build it with `npm run agent:bundle`)');
  if (manifest.version !== version) throw new AppError('validation_failed', `The bundle says it is version ${manifest.version}, not ${version}`);
  return sign(deps, r);
}

async function sign(deps: AppDeps, r: AgentReleaseRow): Promise<ReleaseView> {
  if (!deps.pki) throw new AppError('conflict', 'This control plane has no CA to sign releases with');
  const signature = bytesToBase64(await deps.pki.ca.sign(releaseSigningMessage(r)));
  const publishedAtMs = deps.now();
  await deps.db.update(agentReleases).set({ status: 'ready', signature, publishedAtMs }).where(eq(agentReleases.version, r.version));
  return view(deps, { ...r, status: 'ready', signature, publishedAtMs });
}

/** Registers the bundle this control plane serves for installs (`npm run agent:bundle`) as a release. */
export async function registerBuiltBundle(deps: AppDeps, actorId: string, notes?: string): Promise<ReleaseView> {
  const open = async () => {
    const b = await deps.agentBundle?.();
    if (!b) throw new AppError('not_found', 'No agent bundle on this control plane: build it with `npm run agent:bundle` (or set DECNET_AGENT_BUNDLE)');
    return b;
  };
  const first = await open();
  if (first.size > MAX_RELEASE_BYTES) {
    await first.body.cancel();
    throw new AppError('payload_too_large', `The built bundle is ${first.size} bytes; a release is at most ${MAX_RELEASE_BYTES}`);
  }
  const manifest = await readBundleManifest(first.body);
  if (!manifest || manifest.name !== BUNDLE_NAME) throw new AppError('validation_failed', 'The built bundle has no package.json named decnet-agent-bundle');
  const created = await createRelease(deps, actorId, { version: manifest.version, size: first.size, sha256: '0'.repeat(64), ...(notes && { notes }) });
  try {
    const h = sha256.create();
    const reader = (await open()).body.getReader();
    let pending = new Uint8Array(0);
    let index = 0;
    const flush = async (n: number) => {
      await putChunk(deps, created.version, index++, pending.subarray(0, n));
      pending = pending.slice(n);
    };
    for (let c = await reader.read(); !c.done; c = await reader.read()) {
      h.update(c.value);
      const next = new Uint8Array(pending.length + c.value.length);
      next.set(pending);
      next.set(c.value, pending.length);
      pending = next;
      while (pending.length >= created.chunkBytes) await flush(created.chunkBytes);
    }
    if (pending.length) await flush(pending.length);
    const digest = bytesToHex(h.digest());
    await deps.db.update(agentReleases).set({ sha256: digest }).where(eq(agentReleases.version, created.version));
    return await sign(deps, await getReleaseRow(deps, created.version));
  } catch (e) {
    await deleteRows(deps, created.version);
    throw e;
  }
}

async function deleteRows(deps: AppDeps, version: string): Promise<void> {
  await deps.db.batch([deps.db.delete(agentReleaseChunks).where(eq(agentReleaseChunks.version, version)), deps.db.delete(agentReleases).where(eq(agentReleases.version, version))]);
}

export async function deleteRelease(deps: AppDeps, version: string): Promise<void> {
  await getReleaseRow(deps, version);
  const busy = await deps.db.select({ h: hostUpdates.hostId }).from(hostUpdates)
    .where(and(eq(hostUpdates.targetVersion, version), inArray(hostUpdates.phase, ['pending', 'downloading', 'switching']))).orderBy(asc(hostUpdates.hostId)).limit(1).get();
  if (busy) throw new AppError('conflict', `Release ${version} is being rolled out (host ${busy.h}); wait until it is done`);
  await deleteRows(deps, version);
}
