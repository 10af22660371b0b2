// Worker-thread bootstrap: Node 20 does not pass the parent's TypeScript loader to worker threads,
// so register tsx here and then load the TypeScript entry named in workerData.entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
