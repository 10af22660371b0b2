// `npm start`: the embedded default. For now the control plane on Node with a local libSQL file;
// Ctrl-C stops it cleanly.
import { startControlPlane, VERSION } from '../control-plane/src/runtime/node';

const cp = await startControlPlane();
console.log(`DECNET-TS ${VERSION}: control plane on ${cp.url} (API ${cp.url}/api/v1, OpenAPI ${cp.url}/api/v1/openapi.json)`);
if (cp.bootstrap.generatedPassword) {
  console.log(`First login: user '${cp.bootstrap.username}', password '${cp.bootstrap.generatedPassword}' (shown once; you must change it).`);
}
const stop = async () => {
  console.log('stopping…');
  await cp.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
