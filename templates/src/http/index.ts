// The http template: an HTTP/1.1 server that looks like the persona's Apache or nginx (or a
// fake_app's Tomcat/Jenkins), capturing every request and any credential it carries.
import type { Template } from '../template';
import { httpConfigSchema, type HttpConfig } from './config';
import { createHttpSession } from './session';

export const httpTemplate: Template<HttpConfig> = {
  name: 'http',
  defaultPorts: [80],
  configSchema: httpConfigSchema,
  createSession: (stream, ctx) => createHttpSession(stream, ctx, { scheme: 'http' }),
};

export { createHttpSession } from './session';
export { httpConfigSchema, type HttpConfig, FAKE_APPS } from './config';
