// JSON command lines from the host agent on the runner's stdin (local runtime): whole lines parsed
// as JSON objects and handed on; junk and over-long lines are dropped; the end of the pipe (the agent
// is gone) is reported once.
import type { Readable } from 'node:stream';

export interface CommandLinesOptions {
  input: Readable;
  onCommand: (cmd: Record<string, unknown>) => void;
  onEnd: () => void;
  /** A line longer than this is not one of ours: dropped. */
  maxLineBytes: number;
}

export function readCommandLines(o: CommandLinesOptions): void {
  let held = '';
  let skipping = false;
  const handle = (line: string): void => {
    let cmd: unknown;
    try {
      cmd = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof cmd === 'object' && cmd !== null && !Array.isArray(cmd)) o.onCommand(cmd as Record<string, unknown>);
  };
  o.input.setEncoding('utf8');
  o.input.on('data', (chunk: string) => {
    held += chunk;
    let nl: number;
    while ((nl = held.indexOf('\n')) >= 0) {
      if (!skipping) handle(held.slice(0, nl));
      skipping = false;
      held = held.slice(nl + 1);
    }
    if (held.length > o.maxLineBytes) {
      held = '';
      skipping = true; // the rest of this line, up to its newline, is dropped too
    }
  });
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    o.onEnd();
  };
  o.input.once('end', end);
  o.input.once('close', end);
  o.input.on('error', end);
}
