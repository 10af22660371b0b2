// Redis template: session behaviour over in-memory streams, real redis-cli against the served
// template, and nmap -sV naming the persona's version.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePersona, hasBinary, nmapServiceLine, runCli, serveTemplate, startSession, type Served } from '../_testing';
import { redisTemplate, type RedisConfig } from './index';

const cmd = (...argv: string[]): string => `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

describe('redis session', () => {
  it('answers PING and INFO with persona-derived identity', async () => {
    const { peer, ctx } = startSession(redisTemplate);
    peer.send(cmd('PING'));
    await peer.until('+PONG\r\n');
    peer.send(cmd('INFO'));
    const text = await peer.until('# Keyspace\r\n');
    const p = ctx.persona.services.redis;
    expect(text).toMatch(/\$\d+\r\n# Server\r\nredis_version:6\.0\.16\r\n/);
    expect(text).toContain(`os:${p.os}\r\n`);
    expect(text).toContain(`run_id:${p.runId}\r\n`);
    expect(text).toContain(`total_system_memory:${ctx.persona.shell.memTotalKb * 1024}\r\n`);
    const up = Number(/uptime_in_seconds:(\d+)/.exec(text)?.[1]);
    expect(Math.abs(up - (Date.now() - ctx.persona.shell.bootedAtMs) / 1000)).toBeLessThan(120);
    expect(ctx.eventsOf('command').map((e) => e.fields.cmd)).toEqual(['PING', 'INFO']);
  });

  it('requires AUTH when a password is configured and captures every attempt', async () => {
    const { peer, ctx } = startSession(redisTemplate, { config: { password: 's3cret' } });
    peer.send(cmd('GET', 'x'));
    await peer.until('-NOAUTH Authentication required.\r\n');
    peer.send(cmd('AUTH', 'hunter2'));
    await peer.until('-WRONGPASS invalid username-password pair\r\n');
    peer.send(cmd('AUTH', 's3cret'));
    await peer.until('+OK\r\n');
    peer.send(cmd('DBSIZE'));
    await peer.until(/:\d+\r\n$/);
    const auths = ctx.eventsOf('auth');
    expect(auths.map((e) => [e.fields.secret_printable, e.fields.secret_kind, e.fields.outcome])).toEqual([
      ['hunter2', 'plaintext', 'failure'],
      ['s3cret', 'plaintext', 'success'],
    ]);
    expect(auths[0]?.fields.secret_b64).toBe(Buffer.from('hunter2').toString('base64'));
  });

  it('phrases errors like the persona version (6.x backticks, 7.x quotes and protected configs)', async () => {
    const six = startSession(redisTemplate);
    six.peer.send('[[,[[\r\n');
    await six.peer.until('-ERR unknown command `[[,[[`, with args beginning with: \r\n');
    const seven = startSession(redisTemplate, { persona: examplePersona({ services: { redis: { version: '7.0.15', os: 'Linux 6.1.0-18-amd64 x86_64', runId: 'a'.repeat(40) } } }) });
    seven.peer.send('[[,[[ x\r\n');
    await seven.peer.until("-ERR unknown command '[[,[[', with args beginning with: 'x' \r\n");
    seven.peer.send(cmd('CONFIG', 'SET', 'dir', '/root/.ssh'));
    await seven.peer.until("can't set protected config\r\n");
  });

  it('drops an HTTP request the way redis-server does (arity error, then POST/Host: closes)', async () => {
    const { peer, ctx } = startSession(redisTemplate);
    peer.send('GET / HTTP/1.1\r\nHost: 10.0.0.1\r\n\r\n');
    await peer.until("-ERR wrong number of arguments for 'get' command\r\n");
    await peer.untilClosed();
    expect(ctx.eventsOf('protocol_error')[0]?.fields.error).toBe('possible security attack');
  });

  it('closes after a protocol error, replying first', async () => {
    const { peer, ctx } = startSession(redisTemplate);
    peer.send(`${cmd('PING')}*1\r\nxx\r\n`);
    await peer.until("+PONG\r\n-ERR Protocol error: expected '$', got 'x'\r\n");
    await peer.untilClosed();
    expect(ctx.eventsOf('protocol_error')).toHaveLength(1);
  });

  it('ends the session on oversized input', async () => {
    const { peer, ctx } = startSession(redisTemplate, { config: { max_bulk_bytes: 2048 } });
    peer.send('*1\r\n$999999\r\n');
    await peer.untilClosed();
    expect(ctx.eventsOf('oversized_input')).toHaveLength(1);
  });

  it('keeps what a SAVE after CONFIG SET dir would have written', async () => {
    const { peer, ctx } = startSession(redisTemplate);
    const key = 'ssh-rsa AAAAB3Nza attacker@kali';
    peer.send(cmd('CONFIG', 'SET', 'dir', '/root/.ssh') + cmd('CONFIG', 'SET', 'dbfilename', 'authorized_keys') + cmd('SET', 'x', `\n\n${key}\n\n`) + cmd('SAVE'));
    await peer.until('+OK\r\n+OK\r\n+OK\r\n+OK\r\n');
    expect(Buffer.from(ctx.captures[0]?.data ?? []).toString()).toContain(key);
    const saved = ctx.eventsOf('command').find((e) => e.fields.sha256);
    expect(saved?.fields.path).toBe('/root/.ssh/authorized_keys');
  });

  it('survives random bytes and emits only catalogued events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 512 }), { maxLength: 12 }), async (chunks) => {
        const { peer, ctx } = startSession(redisTemplate);
        for (const c of chunks) peer.send(c);
        await new Promise((r) => setImmediate(r));
        expect(ctx.uncatalogued()).toEqual([]);
        peer.stream.destroy();
      }),
      { numRuns: 60 },
    );
  });
});

describe.runIf(hasBinary('redis-cli'))('redis with real clients', () => {
  let served: Served<RedisConfig>;
  let authed: Served<RedisConfig>;
  beforeAll(async () => {
    served = await serveTemplate(redisTemplate);
    authed = await serveTemplate(redisTemplate, { config: { password: 'Winter2024!' } });
  });
  afterAll(async () => {
    await served.close();
    await authed.close();
  });
  const cli = (s: Served<RedisConfig>, ...args: string[]) => runCli('redis-cli', ['-p', String(s.port), ...args]);

  it('redis-cli PING, SET/GET across connections, INFO, CONFIG GET dir', async () => {
    expect((await cli(served, 'PING')).stdout.trim()).toBe('PONG');
    expect((await cli(served, 'SET', 'deploy:token', 'abc123')).stdout.trim()).toBe('OK');
    expect((await cli(served, 'GET', 'deploy:token')).stdout.trim()).toBe('abc123');
    expect((await cli(served, 'INFO', 'server')).stdout).toContain('redis_version:6.0.16');
    expect((await cli(served, 'CONFIG', 'GET', 'dir')).stdout.trim().split('\n')).toEqual(['dir', '/var/lib/redis']);
  });

  it('redis-cli AUTH wrong then right', async () => {
    const wrong = await cli(authed, '--no-auth-warning', '-a', 'guess', 'PING');
    expect(wrong.stdout + wrong.stderr).toMatch(/WRONGPASS|NOAUTH/);
    const right = await cli(authed, '--no-auth-warning', '-a', 'Winter2024!', 'PING');
    expect(right.stdout.trim()).toBe('PONG');
    expect(authed.events().filter((e) => e.msgid === 'auth').map((e) => e.fields.outcome)).toEqual(['failure', 'success']);
  });

  it.runIf(hasBinary('nmap'))('nmap -sV names Redis and the persona version', async () => {
    const line = await nmapServiceLine(served.port, { asPorts: ['redis-server'] });
    expect(line).toMatch(/open\s+redis\s+Redis key-value store 6\.0\.16/);
    console.info(`nmap: ${line}`);
  }, 30_000);
});
