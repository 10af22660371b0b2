// Hard bounds for everything an attacker can grow: line length, output, the copy-on-write
// overlay, history, recursion. Exceeding one degrades the way a real system would (an error), never a crash.

export const LIMITS = {
  /** Longest accepted input line (also the longest continuation buffer). */
  maxLineChars: 4096,
  /** Cap on one command's stdout (and on what a pipeline stage passes on). */
  maxCommandOutputBytes: 64 * 1024,
  /** Cap on everything one `execute()` call returns. */
  maxLineOutputBytes: 256 * 1024,
  /** Total content written into the session overlay. */
  maxOverlayBytes: 1024 * 1024,
  /** Files, directories and links created in the session overlay. */
  maxOverlayEntries: 512,
  /** Longest single path or file name component (PATH_MAX / NAME_MAX). */
  maxPathChars: 4096,
  maxNameChars: 255,
  /** History entries kept (HISTSIZE in Ubuntu's default .bashrc). */
  maxHistory: 1000,
  /** Nesting of $( ), sh -c, scripts and sudo. */
  maxDepth: 4,
  /** Lines of a script run through the emulator. */
  maxScriptLines: 256,
  /** Simple commands run per `execute()` call, all nesting included. */
  maxCommandsPerLine: 512,
  /** Environment variables and their sizes. */
  maxEnvVars: 256,
  maxEnvValueChars: 4096,
  /** Recursive walks (ls -R, rm -r, cp -r, grep -r). */
  maxWalkEntries: 2000,
} as const;
