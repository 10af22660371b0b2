// Commands typed in a real shell, rebuilt from the raw keystrokes script(1) logs (readline is in the
// shell, not here): printable text accumulates, Backspace/DEL erase, ^U/^C drop the line, Enter ends it.
// Escape sequences (arrows, history recall) are skipped; a recalled line is reported as typed after it.
const MAX_LINE_CHARS = 1024;
const MAX_LINES_PER_FEED = 256;

export class LineEditor {
  private line = '';
  private esc: 'none' | 'esc' | 'csi' = 'none';

  /** Feeds typed text; returns the complete, non-empty lines it ended. */
  feed(text: string): string[] {
    const out: string[] = [];
    for (const ch of text) {
      if (this.esc === 'esc') {
        this.esc = ch === '[' || ch === 'O' ? 'csi' : 'none';
        continue;
      }
      if (this.esc === 'csi') {
        // ECMA-48 §5.4: a control sequence ends with a byte in 0x40-0x7E.
        if (ch >= '@' && ch <= '~') this.esc = 'none';
        continue;
      }
      if (ch === '\x1b') this.esc = 'esc';
      else if (ch === '\r' || ch === '\n') {
        const cmd = this.line.trim();
        this.line = '';
        if (cmd !== '' && out.length < MAX_LINES_PER_FEED) out.push(cmd);
      } else if (ch === '\x7f' || ch === '\b') this.line = [...this.line].slice(0, -1).join('');
      else if (ch === '\x15' || ch === '\x03') this.line = '';
      else if (ch === '\x17') this.line = this.line.replace(/\S+\s*$/, '');
      else if (ch >= ' ' || ch === '\t') {
        if (this.line.length < MAX_LINE_CHARS) this.line += ch === '\t' ? ' ' : ch;
      }
    }
    return out;
  }
}
