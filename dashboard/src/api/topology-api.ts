// Topologies (/topologies): list, snapshot, create (body, generated, from INI), the generator's
// preview, deploy/teardown/delete, mutation batches against a version and their history, status
// events, next free subnet/address, and the catalogue with each service's config schema.
import type {
  Catalogue, NextFreeAddress, NextFreeSubnet, TopologyBody, TopologyGenerateParams, TopologyIniImportRequest, TopologyIniImportResult,
  TopologyList, TopologyMutationAccepted, TopologyMutationList, TopologyMutationOp, TopologyPreview, TopologySnapshot, TopologyStatusEventList,
} from '@decnet/protocol';
import type { ApiClient } from './client';

const t = (id: string) => `/topologies/${encodeURIComponent(id)}`;
const csv = (a?: readonly string[]) => (a?.length ? a.join(',') : undefined);

export const topologyApi = (c: ApiClient) => ({
  list: () => c.request<TopologyList>('GET', '/topologies'),
  get: (id: string) => c.request<TopologySnapshot>('GET', t(id)),
  create: (body: TopologyBody) => c.request<TopologySnapshot>('POST', '/topologies', { body }),
  generate: (params: TopologyGenerateParams) => c.request<TopologySnapshot>('POST', '/topologies/generate', { body: params }),
  preview: (params: TopologyGenerateParams) => c.request<TopologyPreview>('POST', '/topologies/generate/preview', { body: params }),
  importIni: (body: TopologyIniImportRequest) => c.request<TopologyIniImportResult>('POST', '/topologies/import-ini', { body }),
  catalogue: (hostId: string) => c.request<Catalogue>('GET', '/topologies/catalogue', { query: { hostId } }),
  remove: (id: string) => c.request<void>('DELETE', t(id)),
  deploy: (id: string) => c.request<TopologySnapshot>('POST', `${t(id)}/deploy`),
  teardown: (id: string) => c.request<TopologySnapshot>('POST', `${t(id)}/teardown`),
  mutate: (id: string, batch: { version: number; ops: TopologyMutationOp[]; trigger: string }) =>
    c.request<TopologyMutationAccepted>('POST', `${t(id)}/mutations`, { body: batch }),
  mutations: (id: string) => c.request<TopologyMutationList>('GET', `${t(id)}/mutations`),
  statusEvents: (id: string) => c.request<TopologyStatusEventList>('GET', `${t(id)}/status-events`),
  nextSubnet: (id: string, exclude?: readonly string[]) => c.request<NextFreeSubnet>('GET', `${t(id)}/next-subnet`, { query: { exclude: csv(exclude) } }),
  nextAddress: (id: string, lan: string, exclude?: readonly string[]) =>
    c.request<NextFreeAddress>('GET', `${t(id)}/lans/${encodeURIComponent(lan)}/next-address`, { query: { exclude: csv(exclude) } }),
});
