// The editor's state: the latest snapshot (GET, then the live stream), the snapshot the staged ops
// were made against, the staged buffer and its preview; apply as one batch against that version,
// with 409 (someone else changed it) and 422 (validation issues) kept for the dialog to show.
import type { TopologyIssue, TopologyMutationOp, TopologySnapshot, TopologyStreamFrame } from '@decnet/protocol';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, Intel, Topologies } from '../../api';
import type { EventSourceLike } from '../../live/event-stream';
import { applyTopologyOps, isLiveStatus } from './apply-ops';
import { applyFrame, bodyOf, keepNewer } from './snapshot-logic';
import { batchOf, emptyStaged, rebase, stage as stageOp, undo as undoOp, type Staged } from './staged-logic';
import { TopologyStream, type TopologyStreamStatus } from './topology-stream';

export type ApplyOutcome = { ok: true; version: number } | { ok: false; conflict?: number; issues?: TopologyIssue[]; message: string };

export function useTopologyEditor(id: string) {
  const [latest, setLatest] = useState<TopologySnapshot | null>(null);
  const [base, setBase] = useState<TopologySnapshot | null>(null);
  const [staged, setStaged] = useState<Staged>(emptyStaged(0));
  const [loadError, setLoadError] = useState<unknown>(undefined);
  const [streamStatus, setStreamStatus] = useState<TopologyStreamStatus>('connecting');
  const stagedRef = useRef(staged);
  stagedRef.current = staged;

  /** Adopt a snapshot as the base too when nothing is staged (otherwise the ops stay on their version). */
  const adopt = (s: TopologySnapshot) => {
    setLatest((cur) => keepNewer(cur, s));
    if (stagedRef.current.ops.length === 0) {
      setBase(s);
      setStaged(emptyStaged(s.version));
    }
  };

  const reload = async (keepStaged: boolean) => {
    const s = await Topologies.get(id);
    setLatest(s);
    setBase(s);
    setStaged((cur) => (keepStaged ? rebase(cur, s.version) : emptyStaged(s.version)));
  };

  useEffect(() => {
    Topologies.get(id).then(adopt, setLoadError);
    const stream = new TopologyStream(
      id,
      {
        getTicket: async () => (await Intel.streamTicket()).ticket,
        openSource: (url) => new EventSource(url) as unknown as EventSourceLike,
        setTimer: (fn, ms) => setTimeout(fn, ms),
        clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      },
      (frame: TopologyStreamFrame) => {
        if (frame.type === 'snapshot') return adopt(frame.snapshot);
        setLatest((cur) => {
          const next = applyFrame(cur, frame);
          // A newer version than the body we hold: fetch the body it stands for.
          if (next && cur && next.version > cur.version) void Topologies.get(id).then(adopt, () => undefined);
          return next;
        });
      },
      setStreamStatus,
    );
    stream.start();
    return () => stream.stop();
  }, [id]);

  const preview = useMemo(() => (base ? applyTopologyOps(bodyOf(base), staged.ops, { live: isLiveStatus(base.status) }) : null), [base, staged]);

  const apply = async (): Promise<ApplyOutcome> => {
    try {
      const res = await Topologies.mutate(id, batchOf(staged));
      setStaged(emptyStaged(res.version));
      // The batch is in; the new body comes with the refetch (or the stream's next snapshot).
      await Topologies.get(id).then(
        (s) => {
          setLatest((cur) => keepNewer(cur, s));
          setBase(s);
          setStaged(emptyStaged(s.version));
        },
        () => undefined,
      );
      return { ok: true, version: res.version };
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        const cur = (err.details as { currentVersion?: unknown } | undefined)?.currentVersion;
        return { ok: false, conflict: typeof cur === 'number' ? cur : -1, message: err.message };
      }
      if (err instanceof ApiError && err.status === 422) {
        const issues = (err.details as { issues?: TopologyIssue[] } | undefined)?.issues;
        return { ok: false, issues: Array.isArray(issues) ? issues : [], message: err.message };
      }
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  };

  return {
    latest,
    base,
    staged,
    preview,
    loadError,
    streamStatus,
    live: base ? isLiveStatus(base.status) : false,
    stage: (op: TopologyMutationOp) => setStaged((s) => stageOp(s, op)),
    undo: () => setStaged((s) => undoOp(s)),
    discard: () => {
      // Nothing staged any more: the latest snapshot (maybe someone else's newer version) becomes the base.
      if (latest) setBase(latest);
      setStaged(emptyStaged(latest?.version ?? staged.baseVersion));
    },
    apply,
    reload,
    setLatest: adopt,
  };
}

export type TopologyEditor = ReturnType<typeof useTopologyEditor>;
