// Entry of the broker's worker thread: the bus runs on its own event loop and V8 isolate, so a
// flood keeps the agent's uplink responsive and a broker crash ends only this thread.
import { parentPort, workerData } from 'node:worker_threads';
import { startBroker, type BrokerOptions } from './broker';
import type { FromBrokerThread, ToBrokerThread } from './broker-messages';

const port = parentPort!;
const opts = (workerData as { options: BrokerOptions }).options;
const broker = await startBroker(opts);
const post = (m: FromBrokerThread) => port.postMessage(m);
post({ type: 'ready', tcpPort: broker.tcpPort, socketPath: broker.socketPath });
const statsTimer = setInterval(() => post({ type: 'stats', stats: broker.stats() }), 1000);

port.on('message', (m: ToBrokerThread) => {
  if (m.type === 'stats') post({ type: 'stats', stats: broker.stats() });
  if (m.type !== 'stop') return;
  clearInterval(statsTimer);
  void broker.close().then(() => {
    post({ type: 'stopped' });
    port.close();
  });
});
