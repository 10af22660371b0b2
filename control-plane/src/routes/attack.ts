// /attack: ATT&CK technique matrix of the fleet, techniques with evidence per attacker (or a set of
// attacker ids, e.g. an identity's members), and the rule list with admin enable/disable and caps.
import { createRoute, z } from '@hono/zod-openapi';
import { AttackerTechniquesSchema, AttackMatrixSchema, AttackRuleListSchema, AttackRulePatchSchema, AttackRuleViewSchema } from '@decnet/protocol';
import type { AppDeps } from '../deps';
import { errorResponses, jsonBody, jsonResponse, newRouter } from '../http/router';
import { requireAdmin, requireUser } from '../http/middleware/auth';
import { attackMatrix, techniquesForAttackers } from '../services/attack/query';
import { listAttackRules, patchAttackRule } from '../services/attack/rules-admin';

const secured = [{ bearerAuth: [] }];
const AttackerId = z.string().regex(/^[0-9a-f]{32}$/, 'attacker id');
const IdParam = z.object({ id: AttackerId.openapi({ param: { name: 'id', in: 'path' } }) });
const RuleParam = z.object({ id: z.string().regex(/^R\d{4}$/, 'rule id').openapi({ param: { name: 'id', in: 'path' } }) });
const IdsQuery = z.object({ ids: z.string().max(33 * 500).transform((s) => s.split(',').filter(Boolean)).pipe(z.array(AttackerId).min(1).max(500)) });

export function attackRoutes(deps: AppDeps) {
  const r = newRouter();
  const viewer = [requireUser(deps)];
  const admin = [requireUser(deps), requireAdmin];

  r.openapi(
    createRoute({ method: 'get', path: '/attack/matrix', tags: ['attack'], security: secured, middleware: viewer, responses: { 200: jsonResponse(AttackMatrixSchema, 'Tactics and the techniques seen in the fleet, with how many attackers used each'), ...errorResponses } }),
    async (c) => c.json(await attackMatrix(deps), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/attackers/{id}/techniques', tags: ['attack'], security: secured, middleware: viewer, request: { params: IdParam }, responses: { 200: jsonResponse(AttackerTechniquesSchema, 'ATT&CK techniques of one attacker with their evidence'), ...errorResponses } }),
    async (c) => c.json(await techniquesForAttackers(deps, [c.req.valid('param').id]), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/attack/techniques', tags: ['attack'], security: secured, middleware: viewer, request: { query: IdsQuery }, responses: { 200: jsonResponse(AttackerTechniquesSchema, 'ATT&CK techniques of a set of attackers (comma-separated ids, e.g. an identity), with evidence'), ...errorResponses } }),
    async (c) => c.json(await techniquesForAttackers(deps, c.req.valid('query').ids), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/attack/rules', tags: ['attack'], security: secured, middleware: viewer, responses: { 200: jsonResponse(AttackRuleListSchema, 'Every ATT&CK rule with its run-time state'), ...errorResponses } }),
    async (c) => c.json(await listAttackRules(deps), 200),
  );
  r.openapi(
    createRoute({ method: 'patch', path: '/attack/rules/{id}', tags: ['attack'], security: secured, middleware: admin, request: { params: RuleParam, body: jsonBody(AttackRulePatchSchema) }, responses: { 200: jsonResponse(AttackRuleViewSchema, 'The rule with its new state (ingest on every instance applies it within seconds)'), 404: errorResponses[422], ...errorResponses } }),
    async (c) => c.json(await patchAttackRule(deps, c.req.valid('param').id, c.req.valid('json'), c.get('user').username), 200),
  );
  return r;
}
