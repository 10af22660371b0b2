// Config of the sip template: the Digest realm and the Server/User-Agent text (default the persona's
// PBX), what an INVITE gets (its auth challenge, or 404/486), and how a failed Digest is answered
// (403 as chan_sip does, or a fresh 401 as res_pjsip does; default the persona's stack).
import { z } from 'zod';

export const sipConfigSchema = z
  .object({
    realm: z.string().trim().min(1).max(64).regex(/^[\x21-\x7e]+$/).refine((s) => !s.includes('"'), 'no quotes').optional(),
    /** Server / User-Agent header, e.g. "Asterisk PBX 20.7.0" or "FPBX-16.0.40.7(18.20.0)". */
    user_agent: z.string().trim().min(1).max(128).regex(/^[\x20-\x7e]+$/).optional(),
    invite_response: z.enum(['challenge', '404', '486']).default('challenge'),
    auth_failure: z.enum(['persona', '403', '401']).default('persona'),
  })
  .strip();

export type SipConfig = z.infer<typeof sipConfigSchema>;
