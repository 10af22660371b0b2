// Router factory: every route is an OpenAPIHono route validated by zod; validation failures become
// 422 responses in the one error shape.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { UserRow } from '../db/schema';
import { errorBody } from '../errors';

export interface AppEnv {
  Variables: { user: UserRow };
}

export function newRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues.map((i) => ({
        path: [result.target, ...i.path.map(String)].join('.'),
        message: i.message,
        code: i.code,
      }));
      const first = issues[0];
      const message = first ? `Invalid ${first.path}: ${first.message}` : 'Request validation failed';
      return c.json(errorBody('validation_failed', message, { issues }), 422);
    },
  });
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

/** Standard error responses documented on every route. */
export const errorResponses = {
  400: err('Malformed request (for example invalid JSON)'),
  401: err('Missing, invalid or expired token'),
  403: err('Not allowed for this role, or a password change is required first'),
  413: err('Request body too large'),
  422: err('Request failed validation'),
  429: err('Rate limited'),
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
