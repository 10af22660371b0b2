// Canary bait from the `canaries` service-config entry reaches the persona's file system: `cat` in
// the shell, the FTP home listing, and the HTTP docroot; unsafe entries are ignored.
import { describe, expect, it } from 'vitest';
import { testSession } from '../_shell/test-session';
import { buildTree } from '../ftp/tree';
import { startSession } from '../_testing';
import { nextResponse } from '../http/http-test-util';
import { httpTemplate } from '../http/index';
import { baitFiles } from './bait-files';
import { derivePersona } from './derive';

const ENV = 'DB_PASSWORD=abc-0123456789abcdefgh\nDEPLOY_WEBHOOK_URL=http://cp.example/c/abcdefghijklmnop0123\n';

describe('canary bait files', () => {
  const p = derivePersona({
    deckyName: 'web-01', archetype: 'web-server', nowMs: Date.UTC(2024, 4, 1),
    serviceConfig: { canaries: { '/var/www/html/.env': ENV, '/root/.aws/credentials': '[default]\naws_access_key_id = AKIAXXXXXXXXXXXXXXXX\n' } },
  });

  it('shows up in the shell (cat) at the planted paths', () => {
    const s = testSession({ persona: p.shell, user: 'root' });
    expect(s.run('cat /var/www/html/.env')).toContain('DEPLOY_WEBHOOK_URL=http://cp.example/c/abcdefghijklmnop0123');
    expect(s.run('ls -a /root/.aws')).toContain('credentials');
  });

  it('shows up in the FTP listing of the account whose home holds it', () => {
    const root = p.shell.users.find((u) => u.uid === 0)!;
    const tree = buildTree({ persona: p, user: root, nowMs: Date.UTC(2024, 4, 2) });
    const node = tree.get('/.aws/credentials');
    expect(node?.kind).toBe('file');
  });

  it('is served from the HTTP docroot', async () => {
    const { peer } = startSession(httpTemplate, { persona: p });
    peer.send('GET /.env HTTP/1.1\r\nHost: web-01\r\n\r\n');
    const [r] = await nextResponse(peer);
    expect(r.status).toBe(200);
    expect(r.body).toContain('DEPLOY_WEBHOOK_URL=http://cp.example/c/abcdefghijklmnop0123');
  });

  it('ignores relative paths, .. segments and oversized content', () => {
    expect(baitFiles({ canaries: { 'etc/x': 'a', '/a/../etc/shadow': 'b', '/big': 'x'.repeat(70_000), '/ok': 'c' } })).toEqual({ '/ok': 'c' });
  });
});
