// One kube-apiserver connection (implicit TLS on 6443): the shared HTTP-API session in Go's wire
// style with the apiserver's headers (Audit-Id, Cache-Control, API Priority and Fairness UIDs).
// Authentication first: none is system:anonymous; a bearer token is accepted (bait) or refused as
// configured and captured either way; Basic (removed in 1.19) is refused. Every request is logged.
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { goWire } from '../_httpapi/go-wire';
import { authorizationCredential, bodyPreview, BODY_PREVIEW_BYTES, requestFields } from '../_httpapi/request-log';
import { createApiSession } from '../_httpapi/session';
import type { ApiRequest, ApiResponse } from '../_httpapi/types';
import type { SessionHandle, TemplateContext } from '../template';
import type { K8sConfig } from './config';
import { route, type Caller, type K8sRoute } from './routes';
import { unauthorized } from './status';
import { tokenClaims, tokenUser } from './token';
import { KUBE_BUILDS } from './versions';

/** k8s pretty-prints for curl and Wget (and ?pretty=true), as endpoints/handlers/negotiation does. */
const prettyFor = (req: ApiRequest): boolean => {
  const p = req.query.get('pretty');
  if (p !== null) return /^(1|t|true|T|TRUE|True)$/.test(p);
  return /^(curl|Wget)/.test(req.header('user-agent') ?? '');
};

export function createK8sSession(stream: Duplex, ctx: TemplateContext<K8sConfig>): SessionHandle {
  const base = ctx.persona.services.k8s;
  const k = { ...base, build: KUBE_BUILDS.find((b) => b.gitVersion === ctx.config.version) ?? base.build };
  const cluster = { k, persona: ctx.persona };

  async function handle(req: ApiRequest): Promise<ApiResponse> {
    const auth = req.header('authorization');
    const bearer = /^\s*Bearer\s+(\S{1,8192})\s*$/i.exec(auth ?? '')?.[1];
    const claims = bearer ? tokenClaims(bearer) : {};
    let caller: Caller | undefined = auth ? undefined : { user: 'system:anonymous', anonymous: true };
    if (bearer && ctx.config.token === 'bait') caller = { user: tokenUser(claims), anonymous: false };
    const r: K8sRoute = caller ? route(cluster, ctx.config, caller, req, ctx.now().getTime()) : { answer: { status: 401, json: unauthorized() } };
    const a = r.answer;
    const headers: Array<[string, string]> = [['Audit-Id', randomUUID()], ['Cache-Control', 'no-cache, private']];
    let body: Buffer;
    if (a.json !== undefined) {
      const pretty = a.indent || prettyFor(req);
      body = Buffer.from(pretty ? JSON.stringify(a.json, null, 2) : `${JSON.stringify(a.json)}\n`);
      headers.push(['Content-Type', 'application/json']);
    } else {
      body = Buffer.from(a.text ?? '');
      headers.push(['Content-Type', 'text/plain; charset=utf-8']);
    }
    if (a.status === 403 || a.text !== undefined) headers.push(['X-Content-Type-Options', 'nosniff']);
    if (a.status !== 401) headers.push(['X-Kubernetes-Pf-Flowschema-Uid', a.probes ? k.probesFlowSchemaUid : k.flowSchemaUid], ['X-Kubernetes-Pf-Prioritylevel-Uid', a.probes ? k.exemptPriorityLevelUid : k.priorityLevelUid]);
    await log(req, r, caller, claims);
    return { status: a.status, headers, body };
  }

  async function log(req: ApiRequest, r: K8sRoute, caller: Caller | undefined, claims: ReturnType<typeof tokenClaims>): Promise<void> {
    const cred = authorizationCredential(req, caller ? 'success' : 'failure');
    if (cred) ctx.emit('auth_attempt', { ...cred, principal: claims.sub ?? cred.principal, token_sub: claims.sub, token_iss: claims.iss, method: req.method.slice(0, 32), path: req.path });
    let stored: Record<string, string | undefined> = {};
    if (req.body.length > BODY_PREVIEW_BYTES || (req.body.length > 0 && r.verb === 'create')) {
      const art = await ctx.capture(`k8s-${(r.verb ?? req.method).toLowerCase().slice(0, 16)}-body`, req.body);
      stored = { body_sha256: art.sha256, body_stored_as: art.storedAs };
    }
    ctx.emit('request', {
      ...requestFields(req, r.answer.status, ctx.src.ip), body: bodyPreview(req), auth: cred?.auth_scheme ?? (req.header('authorization') ? 'other' : undefined),
      user: caller?.user, verb: r.verb, resource: r.ref ? `${r.ref.resource}${r.ref.subresource ? `/${r.ref.subresource}` : ''}` : undefined, api_group: r.ref?.group || undefined,
      namespace: r.ref?.namespace, name: r.ref?.name, ...r.intent, ...stored,
    });
  }

  return createApiSession(stream, ctx, { wire: goWire, maxBodyBytes: 3 * 1024 * 1024, handle });
}
