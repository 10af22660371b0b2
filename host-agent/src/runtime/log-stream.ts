// The contract between decky runtimes and the collector: every runtime exposes its deckies' stdout
// as followable line streams with stable identities and positions, so the collector can resume
// after a restart exactly where it left off (event ids derive from stream + position).
export interface DeckyLogLine {
  decky: string;
  /** Host-unique, stable identity of the stream, e.g. `local/web-01/1732200000000` or `docker/<container id>`. */
  stream: string;
  /**
   * Position of this line in its stream, strictly increasing (compare with `comparePositions`).
   * Opaque to the collector: it stores the last one per stream and hands it back to `follow`.
   */
  position: string;
  /** One line without its newline, at most MAX_LOG_LINE_CHARS (longer lines are cut by the runtime). */
  line: string;
}

export const MAX_LOG_LINE_CHARS = 16_384;

export interface DeckyLogStreamInfo {
  decky: string;
  stream: string;
  /** False once the stream can produce no more lines (its process or container is gone). */
  live: boolean;
}

export interface DeckyLogSource {
  /** Streams that exist now (live ones, and ended ones that may still hold unread lines). */
  logStreams(): Promise<DeckyLogStreamInfo[]>;
  /**
   * Delivers lines of `stream` strictly after `afterPosition` (all of it when undefined), in order,
   * waiting for `onLine` before the next; then keeps following while the stream is live. Resolves
   * when the stream has ended and is drained, or when `signal` aborts.
   */
  follow(stream: string, afterPosition: string | undefined, onLine: (l: DeckyLogLine) => Promise<void> | void, signal: AbortSignal): Promise<void>;
}

/** Positions are decimal strings of non-negative integers (byte offsets, or nanosecond timestamps). */
export function comparePositions(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
