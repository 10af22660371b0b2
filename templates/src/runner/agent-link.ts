// The single-decky runner's side of its host agent's pipe (local runtime): commands arrive on stdin
// as JSON lines (`{"logFile":"<startMs>.log"}`: continue the event log there), answers go to stderr
// (`{"logSwitched":...}`), and end-of-file on stdin means the agent is gone.
import type { Readable } from 'node:stream';
import { readCommandLines } from './command-lines';
import type { LogFileSink } from './log-file-sink';

/** A command line longer than this is not one of ours: dropped. */
const MAX_COMMAND_BYTES = 4096;

export interface AgentLinkOptions {
  input: Readable;
  sink: LogFileSink;
  status: (o: Record<string, unknown>) => void;
  onAgentGone: () => void;
}

/** `{"logFile":name}`: the sink continues in `name`; the answer is a status line (with `extra`, e.g. the decky). */
export function switchLog(sink: LogFileSink, name: unknown, status: (o: Record<string, unknown>) => void, extra: Record<string, unknown> = {}): void {
  if (typeof name !== 'string') return;
  try {
    sink.switchTo(name);
    status({ logSwitched: name, ...extra });
  } catch (e) {
    status({ logSwitchFailed: name.slice(0, 40), reason: (e as Error).message.slice(0, 200), ...extra });
  }
}

export function linkAgent(o: AgentLinkOptions): void {
  readCommandLines({ input: o.input, maxLineBytes: MAX_COMMAND_BYTES, onEnd: o.onAgentGone, onCommand: (cmd) => switchLog(o.sink, cmd['logFile'], o.status) });
}
