// The edit buffer behind the fake shell's prompt: a line with a cursor, and for every edit the bytes
// readline writes to the terminal (insert/delete mid-line redraw the tail and step back with BS).

export class LineEditor {
  private chars: string[] = [];
  private pos = 0;

  constructor(private readonly maxChars: number) {}

  get text(): string {
    return this.chars.join('');
  }

  /** Cursor as an index into `text` (UTF-16 units), for the completion engine. */
  get cursorIndex(): number {
    return this.chars.slice(0, this.pos).join('').length;
  }

  get length(): number {
    return this.chars.length;
  }

  get cursor(): number {
    return this.pos;
  }

  private tail(): string {
    return this.chars.slice(this.pos).join('');
  }

  /** Takes the line and empties the buffer (Enter, ^C). */
  take(): string {
    const t = this.text;
    this.chars = [];
    this.pos = 0;
    return t;
  }

  /** Inserts at the cursor; null when the line would pass its bound (the caller rings the bell). */
  insert(text: string): string | null {
    const add = [...text];
    if (this.chars.length + add.length > this.maxChars) return null;
    this.chars.splice(this.pos, 0, ...add);
    this.pos += add.length;
    const tail = this.tail();
    return text + tail + '\b'.repeat(tail.length);
  }

  /** Removes `count` characters before the cursor (Backspace, ^W, ^U). */
  eraseBack(count: number): string {
    const n = Math.min(count, this.pos);
    if (n === 0) return '';
    this.chars.splice(this.pos - n, n);
    this.pos -= n;
    const tail = this.tail();
    return '\b'.repeat(n) + tail + ' '.repeat(n) + '\b'.repeat(tail.length + n);
  }

  /** Delete key (and ^D on a non-empty line): the character under the cursor. */
  deleteForward(): string {
    if (this.pos >= this.chars.length) return '';
    this.chars.splice(this.pos, 1);
    const tail = this.tail();
    return `${tail} ${'\b'.repeat(tail.length + 1)}`;
  }

  /** ^K: kills from the cursor to the end of the line. */
  killToEnd(): string {
    const n = this.chars.length - this.pos;
    this.chars.splice(this.pos);
    return ' '.repeat(n) + '\b'.repeat(n);
  }

  left(count = 1): string {
    const n = Math.min(count, this.pos);
    this.pos -= n;
    return '\b'.repeat(n);
  }

  right(count = 1): string {
    const n = Math.min(count, this.chars.length - this.pos);
    const out = this.chars.slice(this.pos, this.pos + n).join('');
    this.pos += n;
    return out;
  }

  home(): string {
    return this.left(this.pos);
  }

  end(): string {
    return this.right(this.chars.length - this.pos);
  }

  /** Characters before the cursor that ^W (unix-word-rubout) removes: the word and the blanks after it. */
  wordBackLength(): number {
    const before = this.chars.slice(0, this.pos).join('');
    return [...before].length - [...before.replace(/\S+\s*$/, '')].length;
  }

  /** Whole line redrawn after a listing: the prompt, the text, then back to the cursor. */
  redraw(prompt: string): string {
    const tail = this.tail();
    return prompt + this.text + '\b'.repeat([...tail].length);
  }

  /** Replaces the whole line (history recall), cursor at the end: back to the start, overwrite, blank the rest. */
  setText(text: string): string {
    const old = this.chars.length;
    const back = '\b'.repeat(this.pos);
    this.chars = [...text].slice(0, this.maxChars);
    this.pos = this.chars.length;
    const extra = Math.max(0, old - this.chars.length);
    return back + this.text + ' '.repeat(extra) + '\b'.repeat(extra);
  }
}
