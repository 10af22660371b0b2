// Whether this code runs from the production build (dist/*.mjs, scripts/build.mjs) or from the
// TypeScript sources, and the path of a file the build put beside the running bundle.
// @decnet-build keep-import-meta: the build leaves import.meta.url here pointing at the bundle.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** True when this module was bundled (the build compiles to .mjs; sources are .ts). */
export const runsCompiled = import.meta.url.endsWith('.mjs');

/** Absolute path of `file` beside the running bundle, when running compiled and it exists. */
export function compiledSibling(file: string): string | undefined {
  if (!runsCompiled) return undefined;
  const path = fileURLToPath(new URL(file, import.meta.url));
  return existsSync(path) ? path : undefined;
}
