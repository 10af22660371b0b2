// The k8s template: a kube-apiserver on 6443 over implicit TLS (version, health, discovery,
// namespaces/pods/... lists, secrets refused to anonymous or baited for a token), every request and
// bearer token captured.
import { defineService } from '../service';
import type { Template } from '../template';
import { k8sConfigSchema, type K8sConfig } from './config';
import { k8sPersona, k8sProcesses } from './persona';
import { createK8sSession } from './session';

export const k8sTemplate: Template<K8sConfig> = {
  name: 'k8s',
  defaultPorts: [6443],
  tls: true,
  configSchema: k8sConfigSchema,
  createSession: createK8sSession,
};

export const k8sService = defineService({
  template: k8sTemplate,
  description: 'kube-apiserver on 6443 (TLS): version, discovery, namespaces and pods; secrets 403 to anonymous or baited for a bearer token; tokens captured',
  persona: k8sPersona,
  processes: k8sProcesses,
  smoke: { send: 'GET /version HTTP/1.1\r\nHost: x\r\n\r\n', expect: (p): string => `"gitVersion": "${p.services.k8s.build.gitVersion}"` },
});

export type { K8sConfig } from './config';
