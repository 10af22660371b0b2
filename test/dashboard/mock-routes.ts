// Browser-side stand-ins (Playwright routing) for the intelligence routes the control plane does
// not have yet, including a Server-Sent Events stream that delivers a couple of events per
// connection (the dashboard then takes a new ticket and reconnects, as it does in production).
import type { BrowserContext, Route } from 'playwright-core';
import { liveEvent } from './dataset';
import { mockIntel } from './mock-intel';
import type { Stack } from './stack';

/** Which probe path a request belongs to (ids collapse onto the probe's placeholder). */
function probePath(path: string): string {
  if (/^\/attackers\/[^/]+\/export$/.test(path)) return '/attackers/export';
  if (/^\/attackers\/(?!export$)[^/]+$/.test(path)) return '/attackers/probe-id';
  return path;
}

export async function installMocks(ctx: BrowserContext, stack: Stack): Promise<Set<string>> {
  const used = new Set<string>();
  let seq = stack.events.length + 1;
  await ctx.route('**/api/v1/**', async (route: Route) => {
    const url = new URL(route.request().url());
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const probe = probePath(path);
    const streamMissing = stack.missing.has('/stream/ticket');
    if (path === '/stream' && streamMissing) {
      used.add('/stream');
      const body = [0, 1].map(() => {
        const ev = liveEvent(seq++, Date.now());
        return `event: event\nid: ${ev.seq}\ndata: ${JSON.stringify({ ...ev, hostId: stack.hostId })}\n\n`;
      });
      return route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, body: body.join('') });
    }
    if (!stack.missing.has(probe)) return route.continue();
    used.add(probe);
    if (path === '/stream/ticket') return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ticket: `mock-${seq}`, expiresAt: new Date(Date.now() + 60_000).toISOString() }) });
    const res = mockIntel(path, url.searchParams, stack.events);
    return res ? route.fulfill(res) : route.continue();
  });
  return used;
}
