// Server commands: PING/ECHO, INFO, CONFIG, CLIENT, COMMAND, replication and persistence verbs
// (REPLICAOF, SAVE: the rogue-master and dir/dbfilename tricks), MODULE, DEBUG, scripting and ACL.
import { createHash } from 'node:crypto';
import { commandTable, lookupCommand } from './command-table';
import { PROTECTED_7 } from './config-table';
import { globMatch } from './glob';
import { buildInfo, infoSections } from './info';
import { array, bulk, bulkArray, err, int, nil, notInteger, ok, status, type Reply } from './responses';
import { str, type Handler, type RedisState } from './state';

const sub = (args: Buffer[]): string => str(args[0]).toLowerCase();

const ping: Handler = (s, args, name) => (args.length > 1 ? s.errors.arity(name) : args[0] ? bulk(args[0]) : status('PONG'));

const info: Handler = (s, args) => {
  const text = buildInfo(
    {
      persona: s.ctx.persona, version: s.version, os: s.ctx.config.os_string ?? s.ctx.persona.services.redis.os, major: s.major,
      port: Number(s.config.get('port')), nowMs: s.ctx.now().getTime(), dbs: s.ks.dbs, connectedClients: 1,
      commandsThisSession: s.commands, ...(s.replicaOf ? { replicaOf: s.replicaOf } : {}),
    },
    infoSections(args.map(str), s.major),
  );
  return bulk(text);
};

function configGet(s: RedisState, patterns: Buffer[]): Reply {
  const out: Buffer[] = [];
  const seen = new Set<string>();
  for (const p of patterns) {
    for (const [k, v] of s.config) {
      if (!seen.has(k) && globMatch(p, Buffer.from(k), true)) {
        seen.add(k);
        out.push(Buffer.from(k), Buffer.from(v, 'latin1'));
      }
    }
  }
  return bulkArray(out);
}

function configSet(s: RedisState, args: Buffer[]): Reply {
  const key = str(args[0]).toLowerCase();
  const value = str(args[1]);
  if (!s.config.has(key)) {
    return s.major >= 7 ? err(`Unknown option or number of arguments for CONFIG SET - '${str(args[0])}'`) : err(`Unsupported CONFIG parameter: ${str(args[0])}`);
  }
  if (s.major >= 7 && PROTECTED_7.has(key)) return err(`CONFIG SET failed (possibly related to argument '${key}') - can't set protected config`);
  if (key === 'dir' && !value.startsWith('/')) return err(s.major >= 7 ? `CONFIG SET failed (possibly related to argument 'dir') - No such file or directory` : 'Changing directory: No such file or directory');
  if (key === 'requirepass') s.requirepass = value;
  s.config.set(key, value);
  return ok();
}

const config: Handler = (s, args) => {
  const op = sub(args);
  if (op === 'get' && (s.major >= 7 ? args.length >= 2 : args.length === 2)) return configGet(s, args.slice(1));
  if (op === 'set' && args.length === 3) return configSet(s, args.slice(1));
  if ((op === 'resetstat' || op === 'rewrite') && args.length === 1) return ok();
  if (op === 'help') return status('CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
  return s.major >= 7 && ['get', 'set', 'resetstat', 'rewrite'].includes(op) ? s.errors.arity(`config|${op}`) : s.errors.unknownSubcommand('config', args[0] ?? Buffer.alloc(0));
};

function clientLine(s: RedisState): string {
  const { ip, port } = s.ctx.src;
  const age = Math.floor((s.ctx.now().getTime() - s.connectedAtMs) / 1000);
  const base = `id=${s.clientId} addr=${ip}:${port}`;
  return s.major >= 7
    ? `${base} laddr=${s.ctx.dst.ip}:${s.ctx.dst.port} fd=8 name=${s.clientName} age=${age} idle=0 flags=N db=${s.db} sub=0 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=20448 argv-mem=10 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=22426 events=r cmd=client|list user=default redir=-1 resp=2\n`
    : `${base} fd=8 name=${s.clientName} age=${age} idle=0 flags=N db=${s.db} sub=0 psub=0 multi=-1 qbuf=26 qbuf-free=32742 obl=0 oll=0 omem=0 events=r cmd=client user=default\n`;
}

const client: Handler = (s, args) => {
  const op = sub(args);
  if (op === 'id' && args.length === 1) return int(s.clientId);
  if (op === 'getname' && args.length === 1) return s.clientName ? bulk(s.clientName) : nil();
  if (op === 'setname' && args.length === 2) {
    const name = str(args[1]);
    if (/[^\x21-\x7e]/.test(name)) return err('Client names cannot contain spaces, newlines or special characters.');
    s.clientName = name;
    return ok();
  }
  if (op === 'list') return bulk(clientLine(s));
  if (op === 'info' && s.major >= 7) return bulk(clientLine(s));
  if (op === 'kill') return err('No such client');
  if (op === 'reply' || op === 'setinfo' || op === 'no-evict' || op === 'pause' || op === 'unpause') return ok();
  return s.errors.unknownSubcommand('client', args[0] ?? Buffer.alloc(0));
};

const command: Handler = (s, args) => {
  const table = commandTable(s.major);
  const describe = (c: (typeof table)[number]): Reply => {
    const head = [bulk(c.name), int(c.arity), array(c.flags.map(status)), int(c.firstKey), int(c.lastKey), int(c.step)];
    return array(s.major >= 7 ? [...head, array([]), array([]), array([]), array([])] : head);
  };
  const op = sub(args);
  if (args.length === 0) return array(table.map(describe));
  if (op === 'count') return int(table.length);
  if (op === 'info') return array(args.slice(1).map((a) => { const c = lookupCommand(str(a), s.major); return c ? describe(c) : nil(); }));
  if (op === 'docs' && s.major >= 7) return array([]);
  if (op === 'list' && s.major >= 7) return bulkArray(table.map((c) => c.name));
  if (op === 'getkeys') return err('Invalid command specified');
  return s.errors.unknownSubcommand('command', args[0] ?? Buffer.alloc(0));
};

const replicaof: Handler = (s, [host, port]) => {
  if (str(host).toLowerCase() === 'no' && str(port).toLowerCase() === 'one') {
    delete s.replicaOf;
    return ok();
  }
  const p = Number(str(port));
  if (!/^\d+$/.test(str(port)) || p > 65535) return notInteger();
  s.replicaOf = { host: str(host).slice(0, 255), port: p };
  return ok();
};

const module: Handler = (s, args) => {
  const op = sub(args);
  if (s.major >= 7 && op !== 'list' && op !== 'help') {
    return err('MODULE command not allowed. If the enable-module-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.');
  }
  if (op === 'list') return array([]);
  if (op === 'load' && args.length >= 2) return err('Error loading the extension. Please check the server logs.');
  if (op === 'unload' && args.length === 2) return err('Error unloading module: no such module with that name');
  return s.errors.unknownSubcommand('module', args[0] ?? Buffer.alloc(0));
};

const debug: Handler = (s, args) => {
  if (s.major >= 7) {
    return err('DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.');
  }
  return sub(args) === 'sleep' ? ok() : s.errors.unknownSubcommand('debug', args[0] ?? Buffer.alloc(0));
};

const sha1 = (b: Buffer | undefined): string => createHash('sha1').update(b ?? Buffer.alloc(0)).digest('hex');

const evalCmd: Handler = (s, [script, numkeys, ...rest], name) => {
  const n = Number(str(numkeys));
  if (!/^-?\d+$/.test(str(numkeys))) return notInteger();
  if (n > rest.length) return err("Number of keys can't be greater than number of args");
  if (n < 0) return err("Number of keys can't be negative");
  return name === 'evalsha' ? err('-NOSCRIPT No matching script. Please use EVAL.') : (void script, nil());
};

const script: Handler = (s, args) => {
  const op = sub(args);
  if (op === 'load' && args.length === 2) return bulk(sha1(args[1]));
  if (op === 'exists') return array(args.slice(1).map(() => int(0)));
  if (op === 'flush' || op === 'kill') return op === 'kill' ? err('-NOTBUSY No scripts in execution right now.') : ok();
  return s.errors.unknownSubcommand('script', args[0] ?? Buffer.alloc(0));
};

const acl: Handler = (s, args) => {
  const op = sub(args);
  if (op === 'whoami') return bulk('default');
  if (op === 'users') return bulkArray(['default']);
  if (op === 'list') {
    const pass = s.requirepass ? `#${createHash('sha256').update(s.requirepass).digest('hex')}` : 'nopass';
    return bulkArray([`user default on ${pass} ~* ${s.major >= 7 ? '&* ' : ''}+@all`]);
  }
  if (op === 'cat') return bulkArray(['keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting']);
  return s.errors.unknownSubcommand('acl', args[0] ?? Buffer.alloc(0));
};

const now = (s: RedisState): number => s.ctx.now().getTime();

export const SERVER_COMMANDS: Record<string, Handler> = {
  ping, echo: (_s, [m]) => bulk(m ?? Buffer.alloc(0)), info, config, client, command,
  slaveof: replicaof, replicaof, module, debug, eval: evalCmd, evalsha: evalCmd, script, acl,
  bgsave: () => status('Background saving started'),
  lastsave: (s) => int(Math.floor(now(s) / 1000) - 120),
  time: (s) => bulkArray([String(Math.floor(now(s) / 1000)), String((now(s) % 1000) * 1000)]),
  shutdown: () => err('Errors trying to SHUTDOWN. Check logs.'),
  role: (s) => (s.replicaOf ? array([bulk('slave'), bulk(s.replicaOf.host), int(s.replicaOf.port), bulk('connect'), int(-1)]) : array([bulk('master'), int(0), array([])])),
};
