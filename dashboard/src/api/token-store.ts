// The login session kept in sessionStorage (gone when the tab closes; never in localStorage or a
// URL). Storage is injected so the logic runs in tests without a browser.
import type { Session } from './types';

const KEY = 'decnet.session';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function isSession(v: unknown): v is Session {
  const s = v as Session | null;
  return !!s && typeof s.token === 'string' && typeof s.expiresAt === 'string' && typeof s.user?.username === 'string';
}

/** The stored session, or null when absent, corrupt or expired at `nowMs`. */
export function loadSession(storage: KeyValueStorage, nowMs = Date.now()): Session | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(KEY) ?? 'null');
  } catch {
    parsed = null;
  }
  if (!isSession(parsed) || Date.parse(parsed.expiresAt) <= nowMs) {
    storage.removeItem(KEY);
    return null;
  }
  return parsed;
}

export function saveSession(storage: KeyValueStorage, session: Session | null): void {
  if (session) storage.setItem(KEY, JSON.stringify(session));
  else storage.removeItem(KEY);
}
