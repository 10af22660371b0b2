// Signs out: revokes the token on the server (best effort), clears the local session and goes
// back to the start page (an expired session, by contrast, keeps the address to return to).
import { Auth } from '../api';
import { navigate } from '../router/router';
import { endSession } from './session';

export async function logout(): Promise<void> {
  try {
    await Auth.logout();
  } catch {
    // the session ends locally either way
  }
  endSession('You have signed out.');
  navigate('/', { replace: true });
}
