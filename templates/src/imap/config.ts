// Config schema of the imap template: the keys imap and pop3 share (DECNET's `users` and
// `email_seed`, the auth failure delay and plaintext policy), see ../_mail/config.ts.
export { mailConfigSchema as imapConfigSchema, type MailConfig as ImapConfig } from '../_mail/config';
