// Test-only templates for the runner's own tests: an echo service that can be told to misbehave
// (throw, emit an unknown MSGID, spoof reserved fields, flood output, capture, report oversize).
import { z } from 'zod';
import type { Template } from '../template';

export const echoTemplate: Template<Record<string, string>> = {
  name: 'redis',
  defaultPorts: [6379],
  configSchema: z.record(z.string(), z.string()),
  createSession(stream, ctx) {
    let buf = '';
    stream.on('data', (chunk: Buffer) => {
      buf += chunk.toString('latin1');
      if (buf.length > ctx.limits.maxLineBytes) {
        ctx.oversized?.('line', buf.length);
        buf = '';
        return;
      }
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).replace(/\r$/, '');
        buf = buf.slice(nl + 1);
        if (line === 'boom') throw new Error('template bug');
        if (line === 'bogus') ctx.emit('not_in_catalogue', { x: 1 });
        else if (line === 'spoof') ctx.emit('command', { src_ip: '6.6.6.6', 'src-ip': '7.7.7.7', SESSION_ID: 'forged', session_id: 'forged', cmd: 'spoof' });
        else if (line === 'flood') {
          const chunk = Buffer.alloc(64 * 1024, 0x41);
          for (let i = 0; i < 400 && !stream.destroyed; i++) stream.write(chunk);
        } else if (line.startsWith('capture ')) {
          void ctx.capture('up load.bin', Buffer.from(line.slice(8))).then((a) => stream.write(`${a.sha256} ${a.size} ${a.storedAs ?? '-'}\n`));
        } else {
          ctx.emit(ctx.service === 'https' ? 'request' : 'command', { cmd: line.slice(0, 100) });
          stream.write(`${line}\n`);
        }
      }
    });
  },
};

export const tlsEchoTemplate: Template<Record<string, string>> = { ...echoTemplate, tls: true };

export const throwingTemplate: Template<Record<string, string>> = {
  ...echoTemplate,
  createSession() {
    throw new Error('create failed');
  },
};
