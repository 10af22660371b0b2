// malloc_trim for real, through koffi, in this process: buffers freed between live ones leave holes
// glibc keeps (its heap shrinks only from the top); the trim gives those pages back.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { mallocTrim } from './node-malloc-trim';

const MB = 1024 * 1024;
const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;

describe('malloc_trim', () => {
  it('gives the free pages between live blocks back to the system', () => {
    const trim = mallocTrim();
    expect(trim).not.toBeNull();
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // 64 MB in 32 KB blocks (under glibc's mmap threshold: they come from its heap), one in ten kept.
    let blocks: Buffer[] = Array.from({ length: 2048 }, () => Buffer.allocUnsafeSlow(32 * 1024).fill(1));
    const kept = blocks.filter((_, i) => i % 10 === 9);
    blocks = [];
    gc();
    gc();
    const before = rss();
    expect(trim!()).toBe(true);
    const after = rss();
    expect(before - after).toBeGreaterThan(32 * MB);
    expect(kept.every((b) => b[0] === 1)).toBe(true);
  });
});
