// History-API routing: a location store, navigate(), <Link> that keeps normal link behaviour
// (middle click, ctrl/cmd click open new tabs), and hooks for the path and query string.
import type { ComponentChildren, TargetedMouseEvent } from 'preact';
import { createStore, useStore } from '../api/store';

export interface Loc {
  path: string;
  search: string;
}

const read = (): Loc => ({ path: location.pathname || '/', search: location.search });
export const locationStore = createStore<Loc>(read());

addEventListener('popstate', () => locationStore.set(read()));

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  locationStore.set(read());
  if (!opts.replace) scrollTo(0, 0);
}

export function useLocation(): Loc {
  return useStore(locationStore);
}

export function useSearch(): URLSearchParams {
  return new URLSearchParams(useLocation().search);
}

interface LinkProps {
  href: string;
  children?: ComponentChildren;
  class?: string;
  title?: string;
  'aria-label'?: string;
  'aria-current'?: 'page';
  onClick?: (e: TargetedMouseEvent<HTMLAnchorElement>) => void;
}

export function Link({ href, onClick, ...rest }: LinkProps) {
  const handle = (e: TargetedMouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
