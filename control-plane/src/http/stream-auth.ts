// Authentication of the Server-Sent Event streams: a single-use ticket (EventSource cannot send
// headers) or a bearer header (fetch clients), with the forced password change honoured.
import type { Context } from 'hono';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { authenticate } from '../services/auth/authenticate';
import { redeemStreamTicket } from '../services/query/stream';

export async function authorizeStream(deps: AppDeps, c: Context): Promise<void> {
  const ticket = c.req.query('ticket');
  const bearer = /^Bearer\s+(\S{1,4096})$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (ticket) await redeemStreamTicket(deps, ticket.slice(0, 128));
  else if (bearer) {
    const u = await authenticate(deps, bearer);
    if (u.mustChangePassword) throw new AppError('password_change_required', 'You must change your password first');
  } else throw new AppError('unauthorized', 'A stream ticket or bearer token is required');
}
