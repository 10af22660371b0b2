// The event log written straight to a file (`--log-file`, the local runtime): each line is appended
// with write(2) on an O_APPEND descriptor before the answer that follows it is sent, so whatever a
// decky answered is on disk even when its agent is gone. Past maxBytes it asks its agent for the next
// file (a status line on stderr); the agent names it over stdin (`switchTo`), never a path of its own.
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The only file names an agent may switch a runner to: `<startMs>.log` in the same directory. */
export const LOG_FILE_NAME_RE = /^\d{1,16}\.log$/;

export class LogFileSink {
  private fd: number;
  private readonly dir: string;
  private bytes: number;
  private asked = false;
  name: string;
  /** Lines lost to a failed write (a full disk): counted, and the runner keeps serving. */
  dropped = 0;

  constructor(
    path: string,
    private readonly maxBytes: number,
    /** The current file passed maxBytes (called once per file). */
    private readonly onFull: (name: string) => void,
  ) {
    this.dir = dirname(path);
    this.name = basename(path);
    this.fd = openSync(path, 'a', 0o640);
    this.bytes = fstatSync(this.fd).size;
  }

  write(line: string): void {
    const buf = Buffer.from(`${line}\n`);
    try {
      // write(2) may write less than asked; a torn line would merge with the next one.
      for (let off = 0; off < buf.length; ) off += writeSync(this.fd, buf, off, buf.length - off);
    } catch {
      this.dropped++;
      return;
    }
    this.bytes += buf.length;
    if (this.bytes >= this.maxBytes && !this.asked) {
      this.asked = true;
      this.onFull(this.name);
    }
  }

  /** Continue in `<dir>/<name>`: later lines go there, the previous file is closed (never written again). */
  switchTo(name: string): void {
    if (!LOG_FILE_NAME_RE.test(name)) throw new Error(`not a log file name: ${name.slice(0, 40)}`);
    const fd = openSync(join(this.dir, name), 'a', 0o640);
    const old = this.fd;
    this.fd = fd;
    this.name = name;
    this.bytes = fstatSync(fd).size;
    this.asked = false;
    closeSync(old);
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}
