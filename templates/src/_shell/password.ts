// Answers to the password prompts of sudo and su. The only password that works is the one the
// attacker logged in with (what a real user's sudo password is); every attempt is reported as an
// `auth_attempt` event with DECNET's credential fields.

import type { LineRecord, Pending, ShellState } from './state';
import type { ListItem } from './parse-line';
import type { Sink } from './sink';

type Resume = (items: ListItem[], status: number, rec: LineRecord, forceFirst: boolean) => { output: string; exit?: boolean };

const MAX_SECRET_CHARS = 256;
const SUDO_TIMEOUT_MS = 15 * 60_000;

function b64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function emitAuth(state: ShellState, principal: string, secret: string, success: boolean, via: 'sudo' | 'su'): void {
  state.emit('auth_attempt', {
    principal,
    secret_kind: 'password',
    secret_printable: secret,
    secret_b64: b64(secret),
    outcome: success ? 'success' : 'failure',
    via,
    user: state.user.name,
  });
}

export function handlePassword(state: ShellState, pending: Extract<Pending, { kind: 'password' }>, line: string, term: Sink, resume: Resume): { output: string; exit?: boolean } {
  const secret = line.slice(0, MAX_SECRET_CHARS);
  // The terminal does not echo the Enter of a hidden prompt; sudo and su print the newline.
  term.write('\n');
  const matches = state.loginPassword !== undefined && secret !== '' && secret === state.loginPassword;
  if (pending.purpose === 'sudo') {
    emitAuth(state, state.user.name, secret, matches, 'sudo');
    if (matches) {
      if (state.user.sudo) state.sudoUntilMs = state.clock().getTime() + SUDO_TIMEOUT_MS;
      else state.grant = { kind: 'sudo', result: 'denied' };
      state.pending = null;
      return resume(pending.items, pending.status, pending.line, true);
    }
    pending.attempts += 1;
    if (pending.attempts < 3) {
      term.write('Sorry, try again.\n');
      return { output: term.text() };
    }
    term.write('sudo: 3 incorrect password attempts\n');
    state.grant = { kind: 'sudo', result: 'failed' };
    state.pending = null;
    return resume(pending.items, pending.status, pending.line, true);
  }
  const target = pending.target ?? 'root';
  const ok = matches && target === state.loginUser.name;
  emitAuth(state, target, secret, ok, 'su');
  state.grant = { kind: 'su', result: ok ? 'ok' : 'failed' };
  state.pending = null;
  return resume(pending.items, pending.status, pending.line, true);
}
