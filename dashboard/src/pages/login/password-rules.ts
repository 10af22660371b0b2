// Client-side checks mirroring the control plane's password policy (it re-checks on the server).

export const MIN_PASSWORD_LENGTH = 12;

/** The first problem with a new password, or null when it is acceptable. */
export function passwordProblem(password: string, confirm: string, username: string, current?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.toLowerCase() === username.toLowerCase()) return 'The password must not equal the username.';
  if (current !== undefined && password === current) return 'Choose a password different from the current one.';
  if (password !== confirm) return 'The two passwords do not match.';
  return null;
}
