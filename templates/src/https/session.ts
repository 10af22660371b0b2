// HTTPS sessions are http sessions with scheme "https" (absolute URLs, default port 443); TLS is the runner's.
export { createHttpSession, type HttpSessionOptions } from '../http/session';
