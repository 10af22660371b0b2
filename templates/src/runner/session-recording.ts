// Records an interactive SSH/Telnet terminal as asciinema v2 and, when it ends, stores the cast as an
// artifact (the sensor's copy) and uploads it through the event pipeline: `recording_chunk` events
// (base64 pieces, in order) then one `session_recorded` summary (DECNET's fields plus ours).
import { createHash } from 'node:crypto';
import type { TemplateContext } from '../template';
import { CAST_LIMITS, castChunks, CastRecorder, type CastLimits } from './cast-recorder';

export interface TerminalRecording {
  output(text: string): void;
  input(data: Uint8Array | string): void;
  /** Idempotent: the first call stores and uploads, later ones do nothing. */
  finish(): Promise<void>;
}

export interface RecordingOptions {
  term: string;
  width?: number;
  height?: number;
  limits?: CastLimits;
}

export function recordTerminal(ctx: TemplateContext<unknown>, opts: RecordingOptions): TerminalRecording {
  const startMs = ctx.now().getTime();
  const rec = new CastRecorder({ width: opts.width ?? 80, height: opts.height ?? 24, term: opts.term, startMs }, opts.limits ?? CAST_LIMITS, () => ctx.now().getTime());
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let done: Promise<void> | undefined;
  const finish = async (): Promise<void> => {
    const cast = rec.finish();
    const bytes = Buffer.from(cast.text, 'utf8');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    let storedAs: string | undefined;
    try {
      storedAs = (await ctx.capture(`${ctx.sessionId}.cast`, bytes)).storedAs;
    } catch {
      storedAs = undefined; // the upload below still carries the cast
    }
    const chunks = castChunks(cast.text);
    chunks.forEach((data, seq) => ctx.emit('recording_chunk', { sid: ctx.sessionId, seq, of: chunks.length, data }));
    // No `sha256`/`size` keys: those mark a captured file (ingest counts it as an attacker upload).
    ctx.emit('session_recorded', {
      sid: ctx.sessionId,
      duration_s: cast.durationS,
      bytes: cast.bytes,
      truncated: cast.truncated,
      events: cast.events,
      chunks: chunks.length,
      cast_sha256: sha256,
      format: 'asciicast-v2',
      ...(storedAs ? { stored_as: storedAs } : {}),
    });
  };
  return {
    output: (text) => rec.output(text),
    input: (data) => rec.input(typeof data === 'string' ? data : decoder.decode(data, { stream: true })),
    finish: () => (done ??= finish()),
  };
}
