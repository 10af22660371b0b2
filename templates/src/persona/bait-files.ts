// Canary bait planted by the control plane: the reserved `canaries` service-config entry maps absolute
// paths to file contents; they join the persona's files (shell, sftp/scp, FTP listings).
import type { ServiceConfigMap } from './derive';

export const BAIT_CONFIG_KEY = 'canaries';
const MAX_FILES = 128;
const MAX_BYTES = 65_536;

export function baitFiles(cfg: ServiceConfigMap): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [path, content] of Object.entries(cfg[BAIT_CONFIG_KEY] ?? {})) {
    if (n >= MAX_FILES || !path.startsWith('/') || path.split('/').includes('..') || typeof content !== 'string' || content.length > MAX_BYTES) continue;
    out[path] = content;
    n++;
  }
  return out;
}
