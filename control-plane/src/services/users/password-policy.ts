// Password rules shared by user creation, reset and change.
import { MAX_PASSWORD_BYTES } from '../../crypto/password';
import { AppError } from '../../errors';

export const MIN_PASSWORD_LENGTH = 12;

export function assertPasswordAcceptable(password: string, username: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('validation_failed', `Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (new TextEncoder().encode(password).length > MAX_PASSWORD_BYTES) {
    throw new AppError('validation_failed', `Password must be at most ${MAX_PASSWORD_BYTES} bytes`);
  }
  if (password.toLowerCase() === username.toLowerCase()) {
    throw new AppError('validation_failed', 'Password must not equal the username');
  }
}
