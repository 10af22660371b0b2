// One elasticsearch connection: the shared HTTP-API session with ES's Netty wire style. Security on:
// no credentials gives ES's 401 challenge, wrong ones "unable to authenticate", the configured
// `elastic` password unlocks the bait. Each request is logged under DECNET's MSGID with any
// Authorization as `auth_attempt`; writes carry their bounded body (preview inline, all stored).
import type { Duplex } from 'node:stream';
import { authorizationCredential, bodyPreview, BODY_PREVIEW_BYTES, requestFields } from '../_httpapi/request-log';
import { createApiSession } from '../_httpapi/session';
import type { ApiRequest, ApiResponse } from '../_httpapi/types';
import type { SessionHandle, TemplateContext } from '../template';
import type { ElasticsearchConfig } from './config';
import { esJson } from './format';
import { challenges, missingCredentials, securityError } from './responses';
import { msgidFor, route, type EsAnswer } from './routes';
import { ES_BUILDS, major, sendsProductHeader } from './versions';
import { esWire } from './wire';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export function createElasticsearchSession(stream: Duplex, ctx: TemplateContext<ElasticsearchConfig>): SessionHandle {
  // The persona already applied the decky's INI keys; a listener's own config wins where it differs.
  const base = ctx.persona.services.elasticsearch;
  const c = ctx.config;
  const es = {
    ...base,
    build: ES_BUILDS.find((b) => b.number === c.version) ?? base.build,
    security: c.security ?? base.security,
    clusterName: c.cluster_name ?? base.clusterName,
    nodeName: c.node_name ?? base.nodeName,
  };
  const jsonType = major(es.build) >= 8 ? 'application/json' : 'application/json; charset=UTF-8';

  async function handle(req: ApiRequest): Promise<ApiResponse> {
    const auth = req.header('authorization');
    let answer: EsAnswer;
    let outcome: 'success' | 'failure' | undefined;
    let user: string | undefined;
    if (es.security) {
      const cred = authorizationCredential(req, 'failure');
      const pass = ctx.config.password;
      const secret = cred ? Buffer.from(cred.secret_b64, 'base64').toString('utf8') : '';
      if (!auth) answer = { status: 401, body: esJson(securityError(es, missingCredentials(es, req.target)), false), type: 'json' };
      else if (cred?.secret_kind === 'plaintext' && cred.principal === 'elastic' && pass !== undefined && secret === pass) {
        outcome = 'success';
        user = cred.principal;
        answer = route({ es, persona: ctx.persona, nowMs: ctx.now().getTime(), user }, req);
      } else {
        outcome = 'failure';
        const reason = cred?.secret_kind === 'plaintext' ? `unable to authenticate user [${cred.principal.slice(0, 256)}] for REST request [${req.target}]` : 'unable to authenticate with provided credentials and anonymous access is not allowed for this request';
        answer = { status: 401, body: esJson(securityError(es, reason), false), type: 'json' };
      }
    } else {
      answer = route({ es, persona: ctx.persona, nowMs: ctx.now().getTime() }, req);
    }
    const headers: Array<[string, string]> = answer.status === 401 ? challenges(es).map((c): [string, string] => ['WWW-Authenticate', c]) : [];
    headers.push(['content-type', answer.type === 'json' ? jsonType : 'text/plain; charset=UTF-8']);
    await log(req, answer.status, outcome);
    return { status: answer.status, headers, body: answer.body };
  }

  async function log(req: ApiRequest, status: number, outcome: 'success' | 'failure' | undefined): Promise<void> {
    const cred = authorizationCredential(req, outcome ?? 'success');
    if (cred) ctx.emit('auth_attempt', { ...cred, outcome, method: req.method.slice(0, 32), path: req.path });
    const msgid = msgidFor(req);
    let stored: Record<string, string | undefined> = {};
    if (req.body.length > BODY_PREVIEW_BYTES) {
      const art = await ctx.capture(`elasticsearch-${req.method.toLowerCase().slice(0, 10)}-body`, req.body);
      stored = { body_sha256: art.sha256, body_stored_as: art.storedAs };
    }
    ctx.emit(msgid, { ...requestFields(req, status, ctx.src.ip), body_preview: bodyPreview(req), auth_scheme: cred?.auth_scheme, principal: cred?.principal, ...stored });
  }

  return createApiSession(stream, ctx, { wire: esWire(sendsProductHeader(es.build)), maxBodyBytes: MAX_BODY_BYTES, handle });
}
