// App-wide session state and the shared API client bound to it. A 401 ends the session; a 403
// password_change_required flips the user to the change-password screen.
import { createClient } from '../api/client';
import { createStore } from '../api/store';
import { loadSession, saveSession } from '../api/token-store';
import type { Session, User } from '../api/types';

export interface AuthState {
  session: Session | null;
  /** Shown on the login screen after a forced logout. */
  notice: string | null;
}

export const auth = createStore<AuthState>({ session: loadSession(sessionStorage), notice: null });

auth.subscribe((s) => saveSession(sessionStorage, s.session));

export function startSession(session: Session): void {
  auth.set({ session, notice: null });
}

export function endSession(notice: string | null = null): void {
  auth.set({ session: null, notice });
}

export function updateUser(patch: Partial<User>): void {
  auth.set((s) => (s.session ? { ...s, session: { ...s.session, user: { ...s.session.user, ...patch } } } : s));
}

export const api = createClient({
  baseUrl: '/api/v1',
  fetch: (input, init) => fetch(input, init),
  getToken: () => auth.get().session?.token ?? null,
  onUnauthorized: () => endSession('Your session has ended. Sign in again.'),
  onPasswordChangeRequired: () => updateUser({ mustChangePassword: true }),
});

export function currentUser(): User | null {
  return auth.get().session?.user ?? null;
}
