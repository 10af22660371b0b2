// Shown when a request failed: what went wrong and, when it can help, a Retry button.
import { describeError } from '../format/errors';
import { Icon } from './icons';

export function ErrorState({ error, onRetry, compact }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const v = describeError(error);
  return (
    <div class={`state-block error${compact ? ' compact' : ''}`} role="alert">
      <Icon name="alert" size={compact ? 18 : 26} />
      <strong>{v.title}</strong>
      <span class="muted">{v.message}</span>
      {onRetry && v.retryable && (
        <button type="button" class="btn btn-sm" onClick={onRetry}>
          <Icon name="refresh" size={14} /> Retry
        </button>
      )}
    </div>
  );
}
