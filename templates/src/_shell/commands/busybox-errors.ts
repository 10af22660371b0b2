// BusyBox wording of file errors on Alpine and embedded personas: the GNU coreutils messages the
// commands write become what busybox 1.35/1.36 prints ("cat: can't open 'x': ...", "ls: x: ...",
// "rm: can't remove 'x': ..."), checked line by line against the host's busybox in the tests.

import type { CommandResult } from './types';

type Rule = [RegExp, string];

const RULES: readonly Rule[] = [
  [/^ls: cannot access '(.*)': (.*)$/, 'ls: $1: $2'],
  [/^ls: cannot open directory '(.*)': (.*)$/, "ls: can't open '$1': $2"],
  [/^cat: (.*): Is a directory$/, 'cat: read error: Is a directory'],
  [/^cat: (.*): (No such file or directory|Permission denied|Input\/output error|Not a directory)$/, "cat: can't open '$1': $2"],
  [/^rm: cannot remove '(.*)': Is a directory$/, "rm: '$1' is a directory"],
  [/^rm: cannot remove '(.*)': (.*)$/, "rm: can't remove '$1': $2"],
  [/^mkdir: cannot create directory '(.*)': (.*)$/, "mkdir: can't create directory '$1': $2"],
  [/^rmdir: failed to remove '(.*)': (.*)$/, "rmdir: '$1': $2"],
  [/^head: cannot open '(.*)' for reading: (.*)$/, 'head: $1: $2'],
  [/^tail: cannot open '(.*)' for reading: (.*)$/, "tail: can't open '$1': $2"],
  [/^cp: cannot stat '(.*)': (.*)$/, "cp: can't stat '$1': $2"],
  [/^mv: cannot stat '(.*)': (.*)$/, "mv: can't rename '$1': $2"],
  [/^touch: cannot touch '(.*)': (.*)$/, 'touch: $1: $2'],
  [/^(chmod|chown): cannot access '(.*)': (.*)$/, '$1: $2: $3'],
  [/^(-?ash|sh): cd: (.*): (No such file or directory|Not a directory|Permission denied)$/, "$1: cd: can't cd to $2: $3"],
];

function translate(text: string): string {
  if (text === '') return text;
  return text
    .split('\n')
    .map((line) => {
      for (const [re, to] of RULES) if (re.test(line)) return line.replace(re, to);
      return line;
    })
    .join('\n');
}

/** A command's result with its stderr in BusyBox wording. */
export function busyboxErrors(result: CommandResult): CommandResult {
  if (result.stderr === '' && !result.chunks?.some(([fd]) => fd === 2)) return result;
  return {
    ...result,
    stderr: translate(result.stderr),
    ...(result.chunks ? { chunks: result.chunks.map(([fd, text]): [1 | 2, string] => [fd, fd === 2 ? translate(text) : text]) } : {}),
  };
}
