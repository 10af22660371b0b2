// Plain-text transcript of an asciinema v2 cast: the terminal output as a reader would have seen it,
// with escape sequences removed and backspace erasing applied; never interprets the content.

/** ECMA-48 CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST) and two-byte escapes. */
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x1b./g;
const MAX_TRANSCRIPT_CHARS = 1024 * 1024;

/** The "o" events' text, in order; malformed lines are skipped. */
export function castOutput(cast: string): string {
  const out: string[] = [];
  const lines = cast.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    try {
      const ev: unknown = JSON.parse(line);
      if (Array.isArray(ev) && ev[1] === 'o' && typeof ev[2] === 'string') out.push(ev[2]);
    } catch {
      // not an event line
    }
  }
  return out.join('');
}

export function castTranscript(cast: string): string {
  const text = castOutput(cast).replace(ESCAPES, '').replace(/\r+\n/g, '\n');
  const lines: string[] = [];
  let cur: string[] = [];
  let size = 0;
  for (const ch of text) {
    if (size >= MAX_TRANSCRIPT_CHARS) break;
    if (ch === '\n') {
      lines.push(cur.join(''));
      cur = [];
    } else if (ch === '\b') cur.pop();
    else if (ch === '\r') cur = [];
    else if (ch === '\t' || ch >= ' ') {
      // C1 controls and DEL are dropped like the other control characters.
      const code = ch.codePointAt(0) ?? 0;
      if (code !== 0x7f && (code < 0x80 || code >= 0xa0)) cur.push(ch);
    }
    size++;
  }
  lines.push(cur.join(''));
  // Erasing "\b \b" leaves trailing spaces; a transcript does not need them.
  return lines.map((l) => l.trimEnd()).join('\n').trimEnd() + '\n';
}
