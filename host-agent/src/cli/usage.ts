// Argument parsing shared by the commands (node:util parseArgs; a bad flag is a UsageError).
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A console logger for the daemon (journald adds its own timestamps; a terminal gets ours). */
export function consoleLog(msg: string): void {
  process.stderr.write(`${process.stderr.isTTY ? `${new Date().toISOString()} ` : ''}${msg}\n`);
}
