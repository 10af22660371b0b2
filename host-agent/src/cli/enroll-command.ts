// `decnet-agent enroll --url URL --token T [--ca-sha256 H] [--name N]`: one-time enrollment.
import { existsSync } from 'node:fs';
import { configPath, loadConfigIfExists } from '../config/load';
import { agentPaths } from '../config/paths';
import { DEFAULT_DATA_DIR } from '../config/schema';
import { enroll } from '../enroll/enroll';
import { parse, UsageError } from './usage';

export async function enrollCommand(argv: string[]): Promise<number> {
  const a = parse(argv, {
    url: { type: 'string' },
    token: { type: 'string' },
    'ca-sha256': { type: 'string' },
    name: { type: 'string' },
    config: { type: 'string' },
    'data-dir': { type: 'string' },
    force: { type: 'boolean', default: false },
  });
  if (!a.url || !a.token) throw new UsageError('--url and --token are required');
  const path = configPath(a.config);
  const existing = loadConfigIfExists(path);
  const dataDir = a['data-dir'] ?? existing?.dataDir ?? DEFAULT_DATA_DIR;
  if (existing?.hostId && existsSync(agentPaths({ dataDir }).certPem) && !a.force) {
    console.log(`already enrolled as host ${existing.hostId} (${path}); pass --force to enroll again with a new token`);
    return 0;
  }
  const r = await enroll({
    url: a.url,
    token: a.token,
    ...(a['ca-sha256'] && { caSha256: a['ca-sha256'] }),
    ...(a.name && { name: a.name }),
    configPath: path,
    dataDir,
    ...(existing && { base: existing }),
  });
  console.log(`enrolled as host ${r.hostId}; control plane mTLS URL ${r.mtlsUrl}; config ${path}`);
  return 0;
}
