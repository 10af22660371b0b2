// Human messages for errors shown in error states and forms.
import { ApiError } from '../api/client';

export interface ErrorView {
  title: string;
  message: string;
  /** Retrying can help (network, 5xx, rate limit), as opposed to a missing feature or permission. */
  retryable: boolean;
}

export function describeError(err: unknown): ErrorView {
  if (err instanceof ApiError) {
    if (err.missingRoute) {
      return { title: 'Not available yet', message: 'This control plane does not provide this data yet.', retryable: false };
    }
    if (err.status === 0) return { title: 'Control plane unreachable', message: err.message, retryable: true };
    if (err.status === 429) {
      const wait = err.retryAfterS !== undefined ? ` Try again in ${err.retryAfterS} s.` : '';
      return { title: 'Too many requests', message: `${err.message}.${wait}`.replace('..', '.'), retryable: true };
    }
    if (err.status === 403) return { title: 'Not allowed', message: err.message, retryable: false };
    if (err.status === 404) return { title: 'Not found', message: err.message, retryable: false };
    if (err.status >= 500) return { title: 'Server error', message: err.message, retryable: true };
    return { title: 'Request rejected', message: err.message, retryable: false };
  }
  if (err instanceof Error) return { title: 'Something went wrong', message: err.message, retryable: true };
  return { title: 'Something went wrong', message: String(err), retryable: true };
}

/** One-line message for inline form errors, with the INI line number when the server gives one. */
export function errorLine(err: unknown): string {
  if (err instanceof ApiError) {
    const line = (err.details as { line?: unknown } | undefined)?.line;
    return typeof line === 'number' ? `Line ${line}: ${err.message}` : err.message;
  }
  return describeError(err).message;
}
