// glibc's malloc keeps what a burst freed: its main heap and each thread's arena give pages back to
// the system only from their top, and a burst's buffers (request bodies, TLS records, SQLite pages,
// worker messages) leave free holes below live blocks. After the memory bench's load the product held
// ~46 MB of such free pages (RSS 242 MB; 196 MB once malloc_trim(0) ran in it, through gdb).
// malloc_trim(0) gives back every free page of every arena. Node has no binding for it, so it is
// called through koffi (a foreign-function library with prebuilt binaries, loaded on first use:
// ~3 MB). Elsewhere (not glibc, no prebuilt binary for the platform) there is nothing to call.
// @decnet-build keep-import-meta: resolved from the running bundle (or this source file), as its imports are.
import { createRequire } from 'node:module';

interface Koffi {
  load(path: string): { func(signature: string): (pad: number) => number };
}

/** malloc_trim(0), or null where it cannot be called. Returns whether memory was given back. */
export function mallocTrim(): (() => boolean) | null {
  if (process.platform !== 'linux') return null;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as Koffi;
    const trim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)');
    return () => trim(0) === 1;
  } catch {
    return null;
  }
}
