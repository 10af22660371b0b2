// The agent's version, reported at enrollment and in every heartbeat: an installed bundle's own
// package.json (`decnet-agent-bundle`, stamped by the build or a release), else the source default.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_VERSION = '0.1.0';

/** The directory holding dist/ and host-agent/ (a bundle root, or the checkout). */
export const AGENT_ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));

function bundleVersion(): string | undefined {
  try {
    const pj = JSON.parse(readFileSync(resolve(AGENT_ROOT, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    return pj.name === 'decnet-agent-bundle' && typeof pj.version === 'string' && /^[0-9A-Za-z.+_-]{1,64}$/.test(pj.version) ? pj.version : undefined;
  } catch {
    return undefined;
  }
}

export const AGENT_VERSION = bundleVersion() ?? SOURCE_VERSION;
