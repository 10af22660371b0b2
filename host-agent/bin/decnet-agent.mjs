#!/usr/bin/env node
// Launcher of the decnet-agent CLI: registers tsx in this process (so signals, and SIGKILL, reach
// the agent itself rather than a wrapper) and runs the TypeScript CLI from this checkout/bundle.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli/entry.ts', import.meta.url).href);
