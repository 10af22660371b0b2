// The shared NTLMSSP + SPNEGO module (no I/O): smb, rdp (CredSSP), ldap (SASL) and mssql import
// from here so every service of a persona issues the same CHALLENGE identity and logs the same way.
export * from './ntlmssp';
export * from './spnego';
export * from './credential';
export * from './identity';
export { ntlmServerExchange, type NtlmExchange, type NtlmCapture } from './exchange';
