// Replay modal for an SSH/Telnet session: fetches the cast, then loads the player chunk on first use
// (so the dashboard's first load does not carry asciinema-player) and offers the cast and a
// plain-text transcript as downloads.
import { useEffect, useState } from 'preact/hooks';
import { Intel } from '../../api';
import type { SessionItem } from '../../api/types';
import { saveBlob } from '../../components/download';
import { ErrorState } from '../../components/error-state';
import { Modal } from '../../components/modal';
import { LoadingBlock } from '../../components/spinner';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';
import { oneLine } from '../../format/text';

type PlayerModule = typeof import('./replay-player');
let loading: Promise<PlayerModule> | null = null;

/** Services whose sessions the sensors record. */
export const REPLAYABLE = new Set(['ssh', 'telnet']);

export function SessionReplay({ session, onClose }: { session: SessionItem; onClose(): void }) {
  const [state, setState] = useState<{ mod: PlayerModule; cast: string } | { error: unknown } | null>(null);
  useEffect(() => {
    let live = true;
    loading ??= import('./replay-player');
    const mod = loading.catch((err: unknown) => {
      loading = null;
      throw err;
    });
    Promise.all([mod, Intel.sessionRecording(session.id).then((r) => r.blob.text())]).then(
      ([m, cast]) => live && setState({ mod: m, cast }),
      (error: unknown) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [session.id]);
  const save = async (what: 'cast' | 'transcript') => {
    try {
      const r = what === 'cast' ? await Intel.sessionRecording(session.id) : await Intel.sessionTranscript(session.id);
      saveBlob(r.blob, r.filename ?? `session.${what === 'cast' ? 'cast' : 'txt'}`);
    } catch (err) {
      toast(`Download failed: ${errorLine(err)}`, 'bad');
    }
  };
  const footer = (
    <>
      <button type="button" class="btn btn-sm" onClick={() => save('cast')}>Download .cast</button>
      <button type="button" class="btn btn-sm" onClick={() => save('transcript')}>Download transcript</button>
    </>
  );
  return (
    <Modal title={`Replay · ${oneLine(session.decky, 40)} · ${oneLine(session.service, 16)}`} onClose={onClose} footer={footer} wide>
      {state === null ? <LoadingBlock /> : 'error' in state ? <ErrorState error={state.error} /> : <state.mod.ReplayPlayer cast={state.cast} />}
    </Modal>
  );
}
