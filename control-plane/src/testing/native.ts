// Test helpers for Node's native libSQL path: the connection itself (a test that needs it fails,
// rather than skipping, when the binding cannot open), and how often the event loop turned while
// some work ran (work that yields between statements lets other callbacks run).
import type { SyncSql } from '../db/native-sync';
import { openNative } from '../runtime/node-database';

export function nativeSql(url: string): SyncSql {
  const sql = openNative(url);
  if (!sql) throw new Error('the native libSQL connection is unavailable');
  return sql;
}

/** Runs `work` while a setImmediate chain counts the event loop's turns. */
export async function loopTurnsDuring<T>(work: () => Promise<T>): Promise<{ out: T; turns: number }> {
  let turns = 0;
  let spinning = true;
  const spin = () => spinning && (turns++, setImmediate(spin));
  spin();
  try {
    return { out: await work(), turns };
  } finally {
    spinning = false;
  }
}
