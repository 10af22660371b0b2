// Pure helpers of the Releases page: badge tone per update phase, the version a bundle's file name
// suggests, and whether a host can be rolled back.
import type { HostUpdateView } from '@decnet/protocol';

export const PHASE_TONE = { pending: 'info', downloading: 'info', switching: 'warn', healthy: 'ok', rolled_back: 'bad', failed: 'bad' } as const;

/** "decnet-agent-1.4.2.tar.gz" -> "1.4.2" (a hint only: the server checks the bundle's own version). */
export function versionFromFileName(name: string): string {
  const m = /(\d+\.\d+\.\d+[0-9A-Za-z.+_-]*?)(?:\.tar\.gz|\.tgz)?$/.exec(name);
  return m?.[1] ?? '';
}

export function canRollBack(h: HostUpdateView): boolean {
  return h.previousVersion != null && !['pending', 'downloading', 'switching'].includes(h.phase ?? '');
}
