// Config schema of the ldap template: nothing beyond DECNET's (which has no ldap keys); TLS material
// (`tls_cert`/`tls_key`/`tls_cn`) is read by the runner for LDAPS and StartTLS.
import { z } from 'zod';

export const ldapConfigSchema = z.object({}).strip();

export type LdapConfig = z.infer<typeof ldapConfigSchema>;
