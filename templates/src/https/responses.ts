// Responses over TLS are the http template's (same server identity, pages and header order).
export { errorPage, toWire, type HttpResponse } from '../http/responses';
