// Session persistence: round trip, expiry, corrupt storage.
import { describe, expect, it } from 'vitest';
import { loadSession, saveSession, type KeyValueStorage } from './token-store';
import type { Session } from './types';

function memory(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

const session: Session = {
  token: 't',
  expiresAt: '2030-01-01T00:00:00.000Z',
  user: { id: 'u', username: 'admin', role: 'admin', mustChangePassword: false, createdAt: '2026-01-01T00:00:00Z', lastLoginAt: null },
};

describe('token store', () => {
  it('round-trips a session', () => {
    const s = memory();
    saveSession(s, session);
    expect(loadSession(s, Date.parse('2029-01-01'))).toEqual(session);
  });
  it('drops an expired session', () => {
    const s = memory();
    saveSession(s, session);
    expect(loadSession(s, Date.parse('2031-01-01'))).toBeNull();
    expect(s.data.size).toBe(0);
  });
  it('drops corrupt or foreign data', () => {
    const s = memory();
    s.setItem('decnet.session', '{not json');
    expect(loadSession(s)).toBeNull();
    s.setItem('decnet.session', JSON.stringify({ token: 1 }));
    expect(loadSession(s)).toBeNull();
  });
  it('clears on null', () => {
    const s = memory();
    saveSession(s, session);
    saveSession(s, null);
    expect(s.data.size).toBe(0);
  });
});
