// One shared live stream for the whole app: pages subscribe, the connection opens with the first
// subscriber and closes with the last, so moving between pages does not reconnect.
import { ApiError, Intel } from '../api';
import { createStore } from '../api/store';
import type { EventItem } from '../api/types';
import { LiveStream, type EventSourceLike, type StreamStatus } from './event-stream';

export interface LiveState {
  status: StreamStatus;
  detail?: string;
}

export const liveState = createStore<LiveState>({ status: 'idle' });

type Listener = (ev: EventItem) => void;
const listeners = new Set<Listener>();
let stream: LiveStream | null = null;

function fatal(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 401 || err.status === 403 || err.status === 404);
}

function ensureStream(): LiveStream {
  stream ??= new LiveStream(
    {
      getTicket: async () => (await Intel.streamTicket()).ticket,
      openSource: (url) => new EventSource(url) as unknown as EventSourceLike,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      isFatal: fatal,
    },
    {
      onEvent: (ev) => listeners.forEach((fn) => fn(ev)),
      onStatus: (status, detail) => liveState.set({ status, detail }),
    },
  );
  return stream;
}

export function subscribeLive(fn: Listener): () => void {
  listeners.add(fn);
  if (listeners.size === 1) ensureStream().start();
  return () => {
    listeners.delete(fn);
    if (listeners.size === 0) stream?.stop();
  };
}

/** Retry after an "unavailable" stop (e.g. the user pressed Reconnect). */
export function reconnectLive(): void {
  if (!stream || listeners.size === 0) return;
  stream.stop();
  stream.start();
}
