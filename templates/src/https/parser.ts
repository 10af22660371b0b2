// HTTPS carries the same HTTP/1.1 messages (RFC 9112) inside TLS; the parser is http's.
export { HttpParser, type HttpEvent, type RequestHead, type HttpLimits } from '../http/parser';
