// The http template: an HTTP/1.1 server that looks like the persona's Apache or nginx (or a
// fake_app's Tomcat/Jenkins), capturing every request and any credential it carries.
import { defineService } from '../service';
import type { Template } from '../template';
import { httpPersona, webProcesses } from './persona';
import { httpConfigSchema, type HttpConfig } from './config';
import { createHttpSession } from './session';

export const httpTemplate: Template<HttpConfig> = {
  name: 'http',
  defaultPorts: [80],
  configSchema: httpConfigSchema,
  createSession: (stream, ctx) => createHttpSession(stream, ctx, { scheme: 'http' }),
};

export const httpService = defineService({
  template: httpTemplate,
  description: 'Apache/nginx/IIS with fake WordPress, phpMyAdmin, Tomcat and Jenkins; Basic/Bearer/Digest/form capture',
  persona: httpPersona,
  processes: webProcesses,
  smoke: { send: 'HEAD / HTTP/1.0\r\n\r\n', expect: (): string => 'HTTP/1.1 ' },
});

export { createHttpSession } from './session';
export { httpConfigSchema, type HttpConfig, FAKE_APPS } from './config';
