// The agent's local MQTT bus (DESIGN §2.2): aedes on a UNIX socket (mode 0660, optional group)
// and on loopback TCP, with the flood protections of README.md: a non-recursive emitter, a
// per-client publish budget, and a client cap.
import { TOPIC_ROOT } from '@decnet/protocol';
import { Aedes } from 'aedes';
import mqttPacket from 'mqtt-packet';
import { chmodSync, chownSync, lstatSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { BoundedEmitter } from './bounded-emitter';
import { PublishLimiter } from './publish-limiter';
import { groupId } from './socket-group';

// mqtt-packet's default fills a table of 65,536 two-byte Buffers (packet ids) on the first packet it
// writes: 6 MB of heap in the broker's thread, where writing an id's two bytes as it goes costs nothing
// measurable. (The bus clients ask the same with mqtt's `writeCache: false`.)
mqttPacket.writeToStream.cacheNumbers = false;

export interface BrokerOptions {
  socketPath: string;
  socketGroup?: string;
  tcpHost: string;
  /** 0 picks a free port. */
  tcpPort: number;
  maxClients: number;
  publishRatePerClient: number;
  concurrency: number;
}

export interface BrokerStats {
  clients: number;
  published: number;
  throttled: number;
  refused: number;
  inFlight: number;
  queued: number;
  maxQueued: number;
}

export interface RunningBroker {
  socketPath: string;
  tcpPort: number;
  stats(): BrokerStats;
  close(): Promise<void>;
}

const TOPIC_PREFIX = `${TOPIC_ROOT}/`;

export async function startBroker(opts: BrokerOptions): Promise<RunningBroker> {
  const mq = new BoundedEmitter(opts.concurrency);
  const limiter = new PublishLimiter(opts.publishRatePerClient);
  let published = 0;
  let refused = 0;
  const aedes = await Aedes.createBroker({
    mq,
    concurrency: opts.concurrency,
    preConnect: (_client, _packet, cb) => {
      if (aedes.connectedClients < opts.maxClients) return cb(null, true);
      refused++;
      cb(new Error('too many bus clients'), false); // an error closes the connection; `false` alone leaves it hanging
    },
    authorizePublish: (client, packet, cb) => {
      // Only our own topic tree; this also keeps clients off $SYS (aedes' default check).
      if (!packet.topic.startsWith(TOPIC_PREFIX)) return cb(new Error(`topic outside ${TOPIC_PREFIX}`));
      published++;
      if (!client) return cb(null);
      limiter.take(client.id, () => cb(null));
    },
  });
  aedes.on('clientDisconnect', (client) => limiter.forget(client.id));
  // A misbehaving client is that client's problem: log nothing per-packet, never throw.
  aedes.on('clientError', () => {});
  aedes.on('connectionError', () => {});

  await removeStaleSocket(opts.socketPath);
  const unixServer = createServer(aedes.handle);
  await listen(unixServer, { path: opts.socketPath });
  chmodSync(opts.socketPath, 0o660);
  if (opts.socketGroup) chownSync(opts.socketPath, process.getuid?.() ?? 0, groupId(opts.socketGroup));
  const tcpServer = createServer(aedes.handle);
  await listen(tcpServer, { host: opts.tcpHost, port: opts.tcpPort });
  const addr = tcpServer.address();
  const tcpPort = typeof addr === 'object' && addr ? addr.port : opts.tcpPort;

  return {
    socketPath: opts.socketPath,
    tcpPort,
    stats: () => ({
      clients: aedes.connectedClients,
      published,
      throttled: limiter.stats.throttled,
      refused,
      inFlight: mq.current,
      queued: mq.length,
      maxQueued: mq.maxQueued,
    }),
    close: async () => {
      limiter.close();
      await Promise.all([closeServer(unixServer), closeServer(tcpServer), new Promise<void>((ok) => aedes.close(() => ok()))]);
    },
  };
}

function listen(server: Server, where: { path: string } | { host: string; port: number }): Promise<void> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(where, () => {
      server.off('error', fail);
      ok();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((ok) => server.close(() => ok()));
}

/** A socket file left by a crashed agent is removed; one a live broker answers on is not. */
async function removeStaleSocket(path: string): Promise<void> {
  let isSocket = false;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return;
  }
  if (!isSocket) throw new Error(`${path} exists and is not a socket`);
  const alive = await new Promise<boolean>((ok) => {
    const s = connect({ path }, () => {
      s.destroy();
      ok(true);
    });
    s.once('error', () => ok(false));
  });
  if (alive) throw new Error(`another broker is listening on ${path}`);
  unlinkSync(path);
}
