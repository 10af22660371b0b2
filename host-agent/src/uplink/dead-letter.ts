// Dead-letter file for poison events the control plane refuses one by one (413/422): one JSON
// line per event with the refusal, appended and fsynced, mode 0600. The spool never blocks on them.
import { appendFileSync, closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

export interface DeadLetterEntry {
  quarantinedAt: string;
  status: number;
  code: string;
  message: string;
  /** The spooled record as it was (parsed when it is JSON, else the text). */
  event: unknown;
}

export class DeadLetter {
  count = 0;

  constructor(private readonly path: string) {
    appendFileSync(path, '', { mode: 0o600 });
  }

  add(record: Buffer, refusal: { status: number; code: string; message: string }): DeadLetterEntry {
    let event: unknown;
    try {
      event = JSON.parse(record.toString('utf8'));
    } catch {
      event = record.toString('utf8');
    }
    const entry: DeadLetterEntry = { quarantinedAt: new Date().toISOString(), ...refusal, event };
    const fd = openSync(this.path, 'a', 0o600);
    try {
      writeSync(fd, JSON.stringify(entry) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.count++;
    return entry;
  }
}
