// Interactive sessions of the high-interaction decky: the wrappers run the ssh login shell (telnet:
// /bin/login) through the recorder (hi-init.c), which logs output (<id>.o) and keystrokes (<id>.i); these are tailed into
// an asciinema v2 cast (the fake shell's recorder), typed lines become `command` events, and when the
// session's process is gone the cast is uploaded as `recording_chunk` + `session_recorded`. A telnet
// session is recorded from its successful login on (its logs up to then hold the password typed).
import { createHash } from 'node:crypto';
import { closeSync, constants, lstatSync, openSync, readSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { castChunks, CAST_LIMITS, CastRecorder } from '../runner/cast-recorder';
import type { HiReporter } from './reporter';
import { LineEditor } from './line-editor';
import type { StartReport } from './channel';

/** Bytes read per file per poll: a flood is recorded at this pace (the cast caps it anyway). */
const READ_PER_POLL = 64 * 1024;
const MAX_SESSIONS = 64;

interface Live {
  r: StartReport;
  sessionId: string;
  src: { ip: string; port: number } | undefined;
  user: string;
  /** Undefined until the login succeeded (telnet); ssh sessions start logged in. */
  rec: CastRecorder | undefined;
  editor: LineEditor;
  offsets: { o: number; i: number };
  decoders: { o: TextDecoder; i: TextDecoder };
}

export interface SessionDeps {
  dir: string;
  reporter: HiReporter;
  alive(pid: number): boolean;
  now(): number;
}

export class SessionTracker {
  private readonly live = new Map<string, Live>();

  constructor(private readonly d: SessionDeps) {}

  get count(): number {
    return this.live.size;
  }

  start(r: StartReport, src: { ip: string; port: number } | undefined): void {
    if (this.live.has(r.id) || this.live.size >= MAX_SESSIONS) return;
    this.live.set(r.id, {
      r,
      src,
      user: r.user,
      sessionId: this.d.reporter.sessionIdFor(src),
      rec: r.service === 'telnet' ? undefined : this.recorder(r),
      editor: new LineEditor(),
      offsets: { o: 0, i: 0 },
      decoders: { o: new TextDecoder('utf-8', { fatal: false }), i: new TextDecoder('utf-8', { fatal: false }) },
    });
  }

  private recorder(r: StartReport): CastRecorder {
    return new CastRecorder({ width: r.cols || 80, height: r.rows || 24, term: r.term || 'xterm', startMs: this.d.now() }, CAST_LIMITS, this.d.now);
  }

  /** The terminal type of a live session of connection `sessionId` (telnet's auth_attempt carries it). */
  termOf(sessionId: string): string | undefined {
    return [...this.live.values()].find((x) => x.sessionId === sessionId)?.r.term || undefined;
  }

  /**
   * A telnet login of connection `sessionId` succeeded: its recording starts here, after what the logs
   * hold so far (login's prompts and the password typed, which PAM had read before it reported).
   */
  authenticated(sessionId: string, user: string): void {
    const s = [...this.live.values()].find((x) => x.sessionId === sessionId && x.rec === undefined);
    if (!s) return;
    for (const k of ['o', 'i'] as const) s.offsets[k] = sizeOf(join(this.d.dir, `${s.r.id}.${k}`));
    s.user = user;
    s.rec = this.recorder(s.r);
  }

  /** Reads what the sessions wrote since the last poll; finishes those whose process ended. */
  async poll(): Promise<void> {
    for (const s of [...this.live.values()]) {
      const gotOut = this.drain(s, 'o');
      const gotIn = this.drain(s, 'i');
      if (!gotOut && !gotIn && !this.d.alive(s.r.pid)) await this.finish(s);
    }
  }

  /** Every live session ends now (the container is stopping). */
  async finishAll(): Promise<void> {
    for (const s of [...this.live.values()]) {
      this.drain(s, 'o');
      this.drain(s, 'i');
      await this.finish(s);
    }
  }

  private drain(s: Live, kind: 'o' | 'i'): boolean {
    if (!s.rec) return false;
    const bytes = readFrom(join(this.d.dir, `${s.r.id}.${kind}`), s.offsets[kind]);
    if (bytes.length === 0) return false;
    const first = s.offsets[kind] === 0;
    s.offsets[kind] += bytes.length;
    const text = stripScriptBanners(s.decoders[kind].decode(bytes, { stream: true }), first);
    if (kind === 'o') s.rec.output(text);
    else {
      s.rec.input(text);
      for (const cmd of s.editor.feed(text)) this.d.reporter.emit(s.src, s.sessionId, 'command', { cmd, user: s.user, source: 'tty' }, s.r.service);
    }
    return true;
  }

  private async finish(s: Live): Promise<void> {
    this.live.delete(s.r.id);
    for (const k of ['o', 'i']) {
      try {
        unlinkSync(join(this.d.dir, `${s.r.id}.${k}`));
      } catch {
        /* never written */
      }
    }
    // A telnet connection that never logged in has no shell session to record (as the fake telnet).
    if (!s.rec) return;
    const svc = s.r.service;
    const cast = s.rec.finish();
    const bytes = Buffer.from(cast.text, 'utf8');
    const stored = await this.d.reporter.store(`${s.sessionId}.cast`, bytes, svc);
    const chunks = castChunks(cast.text);
    chunks.forEach((data, seq) => this.d.reporter.emit(s.src, s.sessionId, 'recording_chunk', { sid: s.sessionId, seq, of: chunks.length, data }, svc));
    this.d.reporter.emit(s.src, s.sessionId, 'session_recorded', {
      sid: s.sessionId,
      duration_s: cast.durationS,
      bytes: cast.bytes,
      truncated: cast.truncated,
      events: cast.events,
      chunks: chunks.length,
      cast_sha256: createHash('sha256').update(bytes).digest('hex'),
      format: 'asciicast-v2',
      user: s.user,
      mode: 'high-interaction',
      ...(stored ? { stored_as: stored } : {}),
    }, svc);
  }
}

const STARTED_RE = /^Script started on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d[^\n]{0,512}\n/;
const DONE_RE = /\n?Script done on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d[^\n]{0,256}\n?$/;

/** script(1) (the recorder before hi-init.c) writes a "Script started" line first and a "Script done" line last in each log: not the session's. */
export function stripScriptBanners(text: string, first: boolean): string {
  return (first ? text.replace(STARTED_RE, '') : text).replace(DONE_RE, '');
}

function sizeOf(path: string): number {
  try {
    return lstatSync(path).size;
  } catch {
    return 0;
  }
}

/** New bytes of a session log from `offset` (no symlinks: the directory is writable by users). */
function readFrom(path: string, offset: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const buf = Buffer.alloc(READ_PER_POLL);
    const n = readSync(fd, buf, 0, buf.length, offset);
    return buf.subarray(0, n);
  } catch {
    return Buffer.alloc(0);
  } finally {
    closeSync(fd);
  }
}
