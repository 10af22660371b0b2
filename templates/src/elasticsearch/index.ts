// The elasticsearch template: an Elasticsearch 7.x/8.x node's REST API on 9200 (root banner, _cat,
// _cluster, _nodes, _search over bait indices, X-Pack security), capturing credentials and writes.
import { defineService } from '../service';
import type { Template } from '../template';
import { elasticsearchConfigSchema, type ElasticsearchConfig } from './config';
import { elasticsearchPersona, elasticsearchProcesses } from './persona';
import { createElasticsearchSession } from './session';

export const elasticsearchTemplate: Template<ElasticsearchConfig> = {
  name: 'elasticsearch',
  defaultPorts: [9200],
  configSchema: elasticsearchConfigSchema,
  createSession: createElasticsearchSession,
};

export const elasticsearchService = defineService({
  template: elasticsearchTemplate,
  description: 'Elasticsearch 7.x/8.x REST API: _cat, _cluster, _nodes, bait _search, X-Pack 401; Authorization and writes captured',
  persona: elasticsearchPersona,
  processes: elasticsearchProcesses,
  smoke: {
    send: 'GET / HTTP/1.1\r\nHost: x\r\n\r\n',
    expect: (p): string => (p.services.elasticsearch.security ? 'security_exception' : `"number" : "${p.services.elasticsearch.build.number}"`),
  },
});

export type { ElasticsearchConfig } from './config';
