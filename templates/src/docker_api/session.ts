// One Docker Engine API connection: the shared HTTP-API session in Go net/http's wire style with the
// headers dockerd's middlewares add to every answer (Api-Version, Docker-Experimental, Ostype,
// Server). Each request is one `request` event (DECNET's method, path, headers, body) carrying the
// intent fields of create/start/exec/pull; their full bounded bodies are stored via ctx.capture.
import type { Duplex } from 'node:stream';
import { goWire } from '../_httpapi/go-wire';
import { authorizationCredential, bodyPreview, requestFields } from '../_httpapi/request-log';
import { createApiSession } from '../_httpapi/session';
import type { ApiRequest, ApiResponse } from '../_httpapi/types';
import type { SessionHandle, TemplateContext } from '../template';
import type { DockerApiConfig } from './config';
import type { BaitContainer } from './persona';
import { route } from './routes';
import { ENGINE_BUILDS } from './versions';

/** Containers created per decky, shared by that decky's connections (bounded in routes.remember). */
const CREATED = new Map<string, Map<string, BaitContainer>>();
const MAX_DECKIES = 256;

function createdFor(decky: string): Map<string, BaitContainer> {
  let m = CREATED.get(decky);
  if (!m) {
    m = new Map();
    CREATED.set(decky, m);
    while (CREATED.size > MAX_DECKIES) CREATED.delete(CREATED.keys().next().value ?? '');
  }
  return m;
}

export function createDockerApiSession(stream: Duplex, ctx: TemplateContext<DockerApiConfig>): SessionHandle {
  const base = ctx.persona.services.docker_api;
  const d = { ...base, build: ENGINE_BUILDS.find((b) => b.version === ctx.config.version) ?? base.build };
  const daemonHeaders: Array<[string, string]> = [['Api-Version', d.build.api], ['Docker-Experimental', 'false'], ['Ostype', 'linux'], ['Server', `Docker/${d.build.version} (linux)`]];

  async function handle(req: ApiRequest): Promise<ApiResponse> {
    const r = route({ d, persona: ctx.persona, nowMs: ctx.now().getTime(), port: ctx.dst.port || 2375, created: createdFor(ctx.decky) }, req);
    const a = r.answer;
    const headers = [...daemonHeaders, ...(a.headers ?? [])];
    let body = Buffer.alloc(0);
    if (a.json !== undefined) {
      body = Buffer.from(`${JSON.stringify(a.json)}\n`);
      headers.push(['Content-Type', 'application/json']);
    } else if (a.text !== undefined) body = Buffer.from(a.text);
    const cred = authorizationCredential(req, 'failure');
    if (cred) ctx.emit('auth_attempt', { ...cred, outcome: undefined, method: req.method.slice(0, 32), path: req.path });
    let stored: Record<string, string | undefined> = {};
    if (r.action && req.body.length > 0) {
      const art = await ctx.capture(`docker-${r.action}-body`, req.body);
      stored = { body_sha256: art.sha256, body_stored_as: art.storedAs };
    }
    ctx.emit('request', { ...requestFields(req, a.status, ctx.src.ip), body: bodyPreview(req), action: r.action, container_id: r.containerId, ...r.intent, auth_scheme: cred?.auth_scheme, ...stored });
    return a.raw ? { status: a.status, headers, body, raw: a.raw } : { status: a.status, headers, body };
  }

  return createApiSession(stream, ctx, { wire: goWire, maxBodyBytes: 8 * 1024 * 1024, handle });
}
