// The docker_api template: a Docker Engine API daemon exposed without TLS on 2375 (ping, version,
// info, containers, images, create/start/exec/pull), capturing every request's intent; nothing runs.
import { defineService } from '../service';
import type { Template } from '../template';
import { dockerApiConfigSchema, type DockerApiConfig } from './config';
import { dockerApiPersona, dockerApiProcesses } from './persona';
import { createDockerApiSession } from './session';

export const dockerApiTemplate: Template<DockerApiConfig> = {
  name: 'docker_api',
  defaultPorts: [2375],
  configSchema: dockerApiConfigSchema,
  createSession: createDockerApiSession,
};

export const dockerApiService = defineService({
  template: dockerApiTemplate,
  description: 'Docker Engine API on 2375: version/info/containers/images from the persona; create, start, exec and pull captured as intent, never run',
  persona: dockerApiPersona,
  processes: dockerApiProcesses,
  smoke: { send: 'GET /version HTTP/1.1\r\nHost: x\r\n\r\n', expect: (p): string => `"Version":"${p.services.docker_api.build.version}"` },
});

export type { DockerApiConfig } from './config';
