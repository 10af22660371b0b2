// Monospace blocks for raw lines and command transcripts. Text only: content is attacker data and
// goes in as text nodes, with hidden characters made visible.
import { formatClock } from '../format/time';
import { visible } from '../format/text';
import { CopyButton } from './copy-button';

export function CodeBlock({ text, copy, label }: { text: string; copy?: boolean; label?: string }) {
  return (
    <div class="code-block">
      {(copy || label) && (
        <div class="code-block-head">
          <span class="muted small">{label}</span>
          {copy && <CopyButton text={text} />}
        </div>
      )}
      <pre>{visible(text)}</pre>
    </div>
  );
}

export interface TranscriptLine {
  ts: string;
  cmd: string;
}

/** A shell-style transcript: one `$ command` line per entry, with the time in the gutter. */
export function Transcript({ lines, prompt = '$' }: { lines: readonly TranscriptLine[]; prompt?: string }) {
  if (!lines.length) return <p class="muted small">No commands in this session.</p>;
  return (
    <div class="transcript" role="log" aria-label="Command transcript">
      {lines.map((l, i) => (
        <div class="transcript-line" key={i}>
          <span class="transcript-ts">{formatClock(l.ts)}</span>
          <span class="transcript-prompt" aria-hidden="true">
            {prompt}
          </span>
          <span class="transcript-cmd">{visible(l.cmd)}</span>
        </div>
      ))}
    </div>
  );
}
