// Reproduces aedes 1.2 / mqemitter 7.1 "Maximum call stack size exceeded" under a publish flood
// (see src/bus/README.md): publisher 0 feeds a subscriber, the others publish where nobody listens.
// Usage: tsx host-agent/scripts/aedes-flood-repro.ts [publishers=4] [seconds=10] [subscribers=1] [stock|fixed]
// `stock` usually dies within seconds; `fixed` runs the broker with the agent's BoundedEmitter.
import { Aedes } from 'aedes';
import { BoundedEmitter } from '../src/bus/bounded-emitter';
import mqtt from 'mqtt';
import { createServer } from 'node:net';

const publishers = Number(process.argv[2] ?? 4);
const seconds = Number(process.argv[3] ?? 10);
const subscribers = Number(process.argv[4] ?? 1);
const fixed = process.argv[5] === 'fixed';

process.on('uncaughtException', (e) => {
  console.log('UNCAUGHT', e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(0, 12).join('\n')}` : e);
  process.exit(2);
});

const broker = await Aedes.createBroker(fixed ? { mq: new BoundedEmitter(100) } : {});
let published = 0;
broker.on('publish', () => published++);
const server = createServer(broker.handle);
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const port = (server.address() as { port: number }).port;

let received = 0;
for (let s = 0; s < subscribers; s++) {
  const sub = mqtt.connect(`mqtt://127.0.0.1:${port}`);
  await new Promise((ok) => sub.once('connect', ok));
  await sub.subscribeAsync('flood/+/a');
  sub.on('message', () => received++);
}

const stopAt = Date.now() + seconds * 1000;
const payload = Buffer.from('x'.repeat(33));
for (let p = 0; p < publishers; p++) {
  const c = mqtt.connect(`mqtt://127.0.0.1:${port}`);
  await new Promise((ok) => c.once('connect', ok));
  const loop = () => {
    if (Date.now() > stopAt) return void c.end();
    for (let i = 0; i < 500; i++) c.publish(`flood/${p}/${p === 0 ? 'a' : 'b'}`, payload, { qos: 0 });
    setImmediate(loop);
  };
  loop();
}
const mq = (broker as unknown as { mq: { length: number; current: number } }).mq;
const t = setInterval(() => console.log(`published=${published} received=${received} mq.length=${mq.length} current=${mq.current}`), 1000);
setTimeout(() => {
  clearInterval(t);
  console.log(`OK survived: published=${published} received=${received}`);
  process.exit(0);
}, seconds * 1000 + 1500);
