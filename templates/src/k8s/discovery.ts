// Discovery documents of the persona's kube-apiserver: /version (always indented, WriteRawJSON),
// /api (APIVersions with the node's address), /apis (APIGroupList), /api/v1 and /apis/apps/v1
// (APIResourceList), and a minimal /openapi/v2 (Swagger 2.0 info block with the server's version).
import type { Persona } from '../persona/types';
import type { K8sPersona } from './persona';
import { resourceList } from './resources';
import { minorOf } from './versions';

export function versionInfo(k: K8sPersona, p: Persona): Record<string, string> {
  return {
    major: '1', minor: minorOf(k.build), gitVersion: k.build.gitVersion, gitCommit: k.build.gitCommit, gitTreeState: 'clean',
    buildDate: k.build.buildDate, goVersion: k.build.goVersion, compiler: 'gc', platform: `linux/${p.shell.arch === 'aarch64' ? 'arm64' : 'amd64'}`,
  };
}

export const apiVersions = (p: Persona): Record<string, unknown> => ({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `${p.shell.ip}:6443` }] });

const group = (name: string, versions: string[]): Record<string, unknown> => ({
  name, versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })), preferredVersion: { groupVersion: `${name}/${versions[0] ?? 'v1'}`, version: versions[0] ?? 'v1' },
});

export const apiGroups = (): Record<string, unknown> => ({
  kind: 'APIGroupList', apiVersion: 'v1',
  groups: [group('apiregistration.k8s.io', ['v1']), group('apps', ['v1']), group('events.k8s.io', ['v1']), group('authentication.k8s.io', ['v1']), group('authorization.k8s.io', ['v1']), group('autoscaling', ['v2', 'v1']), group('batch', ['v1']), group('certificates.k8s.io', ['v1']), group('networking.k8s.io', ['v1']), group('policy', ['v1']), group('rbac.authorization.k8s.io', ['v1']), group('storage.k8s.io', ['v1']), group('coordination.k8s.io', ['v1']), group('discovery.k8s.io', ['v1'])],
});

export const apiGroup = (name: string): Record<string, unknown> | undefined => {
  const g = (apiGroups().groups as Array<Record<string, unknown>>).find((x) => x.name === name);
  return g && { kind: 'APIGroup', apiVersion: 'v1', ...g };
};

export { resourceList };

export function openapiV2(k: K8sPersona): Record<string, unknown> {
  return {
    swagger: '2.0', info: { title: 'Kubernetes', version: k.build.gitVersion },
    paths: { '/api/': { get: { description: 'get available API versions', consumes: ['application/json'], produces: ['application/json'], schemes: ['https'], tags: ['core'], operationId: 'getCoreAPIVersions' } }, '/version/': { get: { description: 'get the code version', produces: ['application/json'], schemes: ['https'], tags: ['version'], operationId: 'getCodeVersion' } } },
    definitions: {}, securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', type: 'apiKey', name: 'authorization', in: 'header' } }, security: [{ BearerToken: [] }],
  };
}
