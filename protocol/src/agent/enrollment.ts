// Enrollment (DESIGN §2.3): the agent sends a single-use token and a CSR, and receives a client
// certificate signed by the control plane's CA plus the mTLS URL for every later call.
import { z } from 'zod';

const PEM_MAX_CHARS = 16_384;

const pem = (label: string) =>
  z
    .string()
    .max(PEM_MAX_CHARS)
    .refine(
      (s) => s.includes(`-----BEGIN ${label}-----`) && s.includes(`-----END ${label}-----`),
      `PEM ${label} expected`,
    );

/** RFC 1123 host name (labels of letters, digits and hyphens). */
export const HostnameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, 'hostname');

export const AgentVersionSchema = z.string().min(1).max(64).regex(/^[0-9A-Za-z.+_-]+$/, 'version');

export const EnrollmentRequestSchema = z.object({
  token: z.string().min(16).max(512).regex(/^[\x21-\x7e]+$/, 'token must be printable ASCII'),
  csrPem: pem('CERTIFICATE REQUEST'),
  hostname: HostnameSchema,
  agentVersion: AgentVersionSchema,
});
export type EnrollmentRequest = z.infer<typeof EnrollmentRequestSchema>;

export const EnrollmentResponseSchema = z.object({
  hostId: z.string().min(1).max(128),
  certificatePem: pem('CERTIFICATE'),
  caCertificatePem: pem('CERTIFICATE'),
  controlPlaneMtlsUrl: z.url({ protocol: /^https$/ }),
});
export type EnrollmentResponse = z.infer<typeof EnrollmentResponseSchema>;
