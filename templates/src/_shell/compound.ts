// Compound commands (bash(1) "Compound Commands"): `{ list; }`, `if`/`elif`/`else`, `for NAME in
// WORDS`, `while`/`until`. Loops are bounded by an iteration cap and by the per-line command budget;
// a loop that hits them abandons the rest of the line silently, as if the attacker pressed Ctrl-C.

import type { BraceCommand, ForCommand, IfCommand, WhileCommand } from './syntax';
import type { Executor, Io } from './executor';
import { expandWords } from './expand';
import { setVar } from './state';
import { LIMITS } from './limits';

export type Compound = BraceCommand | IfCommand | ForCommand | WhileCommand;

const MAX_ITERATIONS = 1000;
/** Commands kept in reserve so a cut-off loop stops before the per-line budget prints errors. */
const HEADROOM = 64;

export function runCompound(ex: Executor, cmd: Compound, io: Io): { status: number; exit: boolean } {
  const state = ex.state;
  const exhausted = (): boolean => {
    if (state.commandsThisLine + HEADROOM <= LIMITS.maxCommandsPerLine) return false;
    state.abortLine = true;
    state.lastStatus = 130;
    return true;
  };
  switch (cmd.kind) {
    case 'brace': {
      const r = ex.runItems(cmd.items, state.lastStatus, io);
      return { status: r.status, exit: r.exit };
    }
    case 'if': {
      for (const clause of cmd.clauses) {
        const cond = ex.runItems(clause.cond, state.lastStatus, io);
        if (cond.exit) return { status: cond.status, exit: true };
        if (cond.status === 0) {
          const r = ex.runItems(clause.body, cond.status, io);
          return { status: r.status, exit: r.exit };
        }
      }
      if (cmd.elseBody) {
        const r = ex.runItems(cmd.elseBody, state.lastStatus, io);
        return { status: r.status, exit: r.exit };
      }
      return { status: 0, exit: false };
    }
    case 'for': {
      let values: readonly string[];
      if (cmd.words === null) values = ex.opts.positional;
      else {
        const expanded = expandWords(cmd.words, ex.expandEnv(io.fd2));
        if (!expanded.ok) return { status: 1, exit: false };
        values = expanded.fields;
      }
      let status = 0;
      for (const v of values.slice(0, MAX_ITERATIONS)) {
        if (exhausted()) break;
        setVar(state, cmd.name, v, state.exported.has(cmd.name));
        const r = ex.runItems(cmd.body, status, io);
        status = r.status;
        if (r.exit) return { status, exit: true };
      }
      return { status, exit: false };
    }
    case 'while': {
      let status = 0;
      for (let i = 0; !exhausted(); i++) {
        if (i >= MAX_ITERATIONS) {
          state.abortLine = true;
          return { status: 130, exit: false };
        }
        const cond = ex.runItems(cmd.cond, status, io);
        if (cond.exit) return { status: cond.status, exit: true };
        if ((cond.status === 0) === cmd.until) break;
        const r = ex.runItems(cmd.body, status, io);
        status = r.status;
        if (r.exit) return { status, exit: true };
      }
      return { status: state.abortLine ? 130 : status, exit: false };
    }
  }
}
