// The runner's side of its host agent's pipe (local runtime): commands arrive on stdin as JSON
// lines (`{"logFile":"<startMs>.log"}`: continue the event log there), answers go to stderr
// (`{"logSwitched":...}`), and end-of-file on stdin means the agent is gone.
import type { Readable } from 'node:stream';
import type { LogFileSink } from './log-file-sink';

/** A command line longer than this is not one of ours: dropped. */
const MAX_COMMAND_BYTES = 4096;

export interface AgentLinkOptions {
  input: Readable;
  sink: LogFileSink;
  status: (o: Record<string, unknown>) => void;
  onAgentGone: () => void;
}

export function linkAgent(o: AgentLinkOptions): void {
  let held = '';
  const handle = (line: string): void => {
    let cmd: unknown;
    try {
      cmd = JSON.parse(line);
    } catch {
      return;
    }
    const name = (cmd as { logFile?: unknown } | null)?.logFile;
    if (typeof name !== 'string') return;
    try {
      o.sink.switchTo(name);
      o.status({ logSwitched: name });
    } catch (e) {
      o.status({ logSwitchFailed: name.slice(0, 40), reason: (e as Error).message.slice(0, 200) });
    }
  };
  o.input.setEncoding('utf8');
  o.input.on('data', (chunk: string) => {
    held += chunk;
    let nl: number;
    while ((nl = held.indexOf('\n')) >= 0) {
      handle(held.slice(0, nl));
      held = held.slice(nl + 1);
    }
    if (held.length > MAX_COMMAND_BYTES) held = '';
  });
  let gone = false;
  const end = (): void => {
    if (gone) return;
    gone = true;
    o.onAgentGone();
  };
  o.input.once('end', end);
  o.input.once('close', end);
  o.input.on('error', end);
}
