// Renders the three states of a loaded resource: loading (first load only), error, or content.
import type { ComponentChildren } from 'preact';
import type { AsyncState } from '../hooks/use-async';
import { ErrorState } from './error-state';
import { LoadingBlock } from './spinner';

export function AsyncView<T>({ state, children }: { state: AsyncState<T>; children: (data: T) => ComponentChildren }) {
  if (state.error !== undefined && state.data === undefined) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <LoadingBlock />;
  return <>{children(state.data)}</>;
}
