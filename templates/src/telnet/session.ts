// One telnet connection: option negotiation, the issue and login/password prompts of the persona's
// telnetd, `auth_attempt` for every try (with login's failure delay), then the fake shell.
import { credentialFields } from '@decnet/protocol';
import type { Duplex } from 'node:stream';
import { checkLogin, openShell } from '../runner/shell-bridge';
import { recordTerminal, type TerminalRecording } from '../runner/session-recording';
import { TtyLineDiscipline } from '../runner/tty-session';
import type { SessionHandle, TemplateContext } from '../template';
import type { TelnetConfig } from './config';
import { LoginLineReader } from './login';
import { Negotiator } from './negotiation';
import { escapeIac, TelnetParser } from './parser';
import { flavorFor, OPT } from './responses';

/** login(1)'s LOGIN_TIMEOUT. */
const LOGIN_TIMEOUT_MS = 60_000;
const encoder = new TextEncoder();

export function startTelnetSession(stream: Duplex, ctx: TemplateContext<TelnetConfig>): SessionHandle {
  const flavor = flavorFor(ctx.persona);
  const parser = new TelnetParser();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let phase: 'user' | 'password' | 'checking' | 'shell' | 'closed' = 'user';
  let user = '';
  let tries = 0;
  let backlog = '';
  let term = 'vt100';
  // RFC 1073 NAWS: the client's window size, for Tab completion listings.
  let size = { cols: 80, rows: 24 };
  let tty: TtyLineDiscipline | undefined;
  let recording: TerminalRecording | undefined;
  const timers = new Set<NodeJS.Timeout>();

  const write = (text: string): void => {
    if (phase !== 'closed' && stream.writable) stream.write(escapeIac(encoder.encode(text)));
  };
  const negotiator = new Negotiator(flavor, (bytes) => {
    if (stream.writable) stream.write(bytes);
  });
  const close = (): void => {
    if (phase === 'closed') return;
    phase = 'closed';
    for (const t of timers) clearTimeout(t);
    void recording?.finish();
    stream.end();
    const t = setTimeout(() => stream.destroy(), 1000);
    t.unref();
  };
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const reader = new LoginLineReader({
    write,
    echo: () => negotiator.serverEchoes,
    onInterrupt: () => {
      reader.hidden = false;
      phase = 'user';
      write(`\r\n${flavor.userPrompt}`);
    },
    onLine: (line) => {
      if (phase === 'user') {
        if (line.trim() === '') {
          write(flavor.userPrompt);
          return true;
        }
        user = line.trim();
        phase = 'password';
        reader.hidden = true;
        write(flavor.passwordPrompt);
        return true;
      }
      const password = line;
      const ok = checkLogin(ctx.persona, user, password);
      ctx.emit('auth_attempt', { ...credentialFields(user, password, 'plaintext', ok ? 'success' : 'failure', user), method: 'password', term });
      reader.hidden = false;
      if (ok) {
        startShell(password);
        return false;
      }
      tries++;
      phase = 'checking';
      // pam_faildelay in /etc/pam.d/login, with jitter.
      later(ctx.config.auth_failure_delay_ms * (0.85 + Math.random() * 0.3), () => {
        write(flavor.failure);
        if (tries >= flavor.maxTries) return close();
        phase = 'user';
        write(flavor.userPrompt);
        const rest = backlog;
        backlog = '';
        if (rest) onText(rest);
      });
      return false;
    },
  });

  const startShell = (password: string): void => {
    phase = 'shell';
    const shell = openShell(ctx, { user, password, protocol: 'telnet', tty: 'pts/0', term });
    // The shell part of the session is recorded (asciinema v2) and uploaded when it ends.
    const rec = (recording = recordTerminal(ctx, { term }));
    const shellWrite = (text: string): void => {
      if (phase !== 'closed') rec.output(text);
      write(text);
    };
    tty = new TtyLineDiscipline({ shell, write: shellWrite, onExit: close, maxLineChars: Math.min(4095, ctx.limits.maxLineBytes), echo: () => negotiator.serverEchoes, columns: () => size.cols, rows: () => size.rows });
    if (reader.pendingCr) tty.skipNextLf();
    tty.start();
  };

  const onText = (text: string): void => {
    if (phase === 'checking') {
      // Typed ahead during the failure delay: kept (bounded) for the next prompt, as a tty would.
      backlog = (backlog + text).slice(0, 1024);
      return;
    }
    if (phase === 'shell') {
      recording?.input(text);
      return tty?.feed(text);
    }
    if (phase === 'closed') return;
    const rest = reader.feed(text);
    if (rest === '') return;
    // The reader's callbacks moved the phase on.
    const now: string = phase;
    if (now === 'shell') {
      recording?.input(rest);
      tty?.feed(rest);
    }
    else if (now === 'checking') backlog = (backlog + rest).slice(0, 1024);
  };

  let bannerSent = false;
  const sendBanner = (): void => {
    if (bannerSent) return;
    bannerSent = true;
    if (flavor.waitForClient) {
      negotiator.offer(OPT.SGA);
      negotiator.offer(OPT.ECHO);
    }
    write(ctx.persona.services.telnet.issue);
  };

  stream.on('data', (chunk: Buffer) => {
    for (const ev of parser.feed(chunk)) {
      if (ev.kind === 'data') {
        sendBanner();
        onText(decoder.decode(ev.bytes, { stream: true }));
      } else if (ev.kind === 'negotiate') {
        negotiator.handle(ev.verb, ev.option);
        sendBanner();
      }
      else if (ev.kind === 'subneg' && ev.option === OPT.TTYPE && ev.data[0] === 0) term = new TextDecoder().decode(ev.data.subarray(1)).replace(/[^\x21-\x7e]/g, '').toLowerCase().slice(0, 40) || term;
      else if (ev.kind === 'subneg' && ev.option === OPT.NAWS && ev.data.length >= 4) size = { cols: ((ev.data[0] ?? 0) << 8) | (ev.data[1] ?? 0) || 80, rows: ((ev.data[2] ?? 0) << 8) | (ev.data[3] ?? 0) || 24 };
      else if (ev.kind === 'command' && ev.code === 244 && phase === 'shell') tty?.feed('\x03');
    }
  });
  stream.on('close', () => {
    phase = 'closed';
    for (const t of timers) clearTimeout(t);
    void recording?.finish();
  });
  stream.on('error', () => undefined);

  if (flavor.waitForClient) negotiator.greet();
  else {
    // One write for the greeting and the issue, so they leave in one segment: nmap's NULL probe
    // matches on its first read, and BusyBox's softmatch needs a text byte after the IACs
    // (`\xff\xfb\x03[^\xff]`); a read holding only the IACs left the service unnamed (issue 17).
    bannerSent = true;
    const greeting = negotiator.greeting();
    const issue = escapeIac(encoder.encode(ctx.persona.services.telnet.issue));
    const first = new Uint8Array(greeting.length + issue.length);
    first.set(greeting);
    first.set(issue, greeting.length);
    if (stream.writable) stream.write(first);
  }
  later(LOGIN_TIMEOUT_MS, () => {
    if (phase !== 'shell' && phase !== 'closed') {
      write(flavor.timeoutText);
      close();
    }
  });
  return { close };
}
