// true, false and ':' (bash builtins; true and false also exist in /usr/bin).

import type { CommandSpec } from './types';
import { out } from './types';

export const trueCmd: CommandSpec = { name: 'true', path: '/usr/bin/true', builtin: true, run: () => out('') };
export const falseCmd: CommandSpec = { name: 'false', path: '/usr/bin/false', builtin: true, run: () => out('', 1) };
export const colon: CommandSpec = { name: ':', builtin: true, run: () => out('') };
