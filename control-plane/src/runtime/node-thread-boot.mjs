// Worker-thread bootstrap when running from TypeScript sources (tests, tsx): Node 20 does not pass
// the parent's TypeScript loader to worker threads, so register tsx here, then load the entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
