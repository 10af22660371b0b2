// Config schema of the pop3 template: the keys it shares with imap (DECNET's `users`, `email_seed`,
// the auth failure delay and plaintext policy), see ../_mail/config.ts.
export { mailConfigSchema as pop3ConfigSchema, type MailConfig as Pop3Config } from '../_mail/config';
