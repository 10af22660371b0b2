// Config schema of the http template, DECNET's keys (inventory §1.3): server_header, response_code,
// fake_app, extra_headers (a JSON object), custom_body, http_versions (only http/1.1 is served).
import { z } from 'zod';

export const FAKE_APPS = ['wordpress', 'phpmyadmin', 'tomcat', 'jenkins'] as const;
export type FakeApp = (typeof FAKE_APPS)[number];

const headerValue = z.string().max(1024).regex(/^[\x20-\x7e\t]*$/, 'header values must be printable ASCII');
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/;

const extraHeaders = z
  .union([z.record(z.string(), headerValue), z.string()])
  .transform((v, ctx) => {
    let obj: unknown = v;
    if (typeof v === 'string') {
      if (v.trim() === '') return {};
      try {
        obj = JSON.parse(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'extra_headers must be a JSON object of header: value' });
        return z.NEVER;
      }
    }
    const parsed = z.record(z.string().regex(headerName, 'invalid header name'), headerValue).safeParse(obj);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'invalid extra_headers' });
      return z.NEVER;
    }
    return parsed.data;
  });

export const httpConfigSchema = z
  .object({
    server_header: z.string().min(1).max(200).regex(/^[\x20-\x7e]+$/).optional(),
    response_code: z.coerce.number().int().min(200).max(599).default(200),
    fake_app: z.enum(FAKE_APPS).optional(),
    extra_headers: extraHeaders.default({}),
    custom_body: z.string().max(256 * 1024).optional(),
    http_versions: z.union([z.array(z.enum(['http/1.1', 'http/2'])), z.string()]).optional(),
  })
  .strip();

export type HttpConfig = z.infer<typeof httpConfigSchema>;
