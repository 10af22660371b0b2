// The public trigger endpoint's logic: slug lookup (revoked and unknown look the same) and the
// request facts kept from an HTTP hit.
import { CANARY_SLUG_RE } from '@decnet/protocol';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { canaryTokens, type CanaryTokenRow } from '../../db/schema';

/** The live token behind a slug, or undefined for malformed, unknown or revoked slugs alike. */
export async function liveTokenBySlug(deps: AppDeps, slug: string): Promise<CanaryTokenRow | undefined> {
  if (!CANARY_SLUG_RE.test(slug)) return undefined;
  const row = await deps.db.select().from(canaryTokens).where(eq(canaryTokens.slug, slug)).get();
  return row && row.revokedAtMs == null ? row : undefined;
}

/** A 1x1 transparent GIF: what an image, document or page fetch of the token URL gets back. */
export const PIXEL_GIF = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (c) => c.charCodeAt(0));
