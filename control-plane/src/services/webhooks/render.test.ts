// Bodies and chat templates: sorted-key DECNET envelope, attacker text made inert in Slack, Teams
// and Discord markup, bounded messages; secrets sealed at rest open only with the same key.
import { describe, expect, it } from 'vitest';
import { renderBody, sortedJson } from './render';
import { newSecret, openSecret, sealSecret } from './secret-box';

const f = (payload: Record<string, unknown>, n = 0) => ({ id: `x:${n}`, topic: 'decnet/attacker/new', type: 'attacker.new', tsMs: 0, payloadJson: JSON.stringify(payload) });

describe('webhook rendering', () => {
  it('renders the generic envelope with sorted keys at every depth', () => {
    expect(sortedJson({ b: 1, a: { d: 1, c: [{ z: 1, y: 2 }] } })).toBe('{"a":{"c":[{"y":2,"z":1}],"d":1},"b":1}');
    expect(JSON.parse(renderBody('json', [f({ ip: '1.2.3.4' })]))).toEqual({ v: 1, id: 'x:0', ts: '1970-01-01T00:00:00.000Z', topic: 'attacker.new', type: 'attacker.new', payload: { ip: '1.2.3.4' } });
  });

  it('escapes attacker text for each chat and bounds the message', () => {
    const evil = { user: '<!channel> @everyone *bold* [x](http://e)\n' };
    expect(JSON.parse(renderBody('slack', [f(evil)])).text).toBe('[DECNET] attacker.new user=&lt;!channel&gt; @everyone *bold* [x](http://e) ');
    const discord = JSON.parse(renderBody('discord', [f(evil)]));
    expect(discord.content).not.toMatch(/@everyone/);
    expect(discord.content).toContain('\\*bold\\*');
    expect(discord.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.parse(renderBody('teams', [f(evil)]))['@type']).toBe('MessageCard');
    const many = Array.from({ length: 200 }, (_, i) => f({ note: 'y'.repeat(100) }, i));
    const text = JSON.parse(renderBody('slack', many)).text as string;
    expect(text.length).toBeLessThan(2000);
    expect(text).toMatch(/… and \d+ more$/);
  });

  it('seals secrets with AES-GCM; the wrong key cannot open them', async () => {
    const secret = newSecret();
    const sealed = await sealSecret('a'.repeat(32), secret);
    expect(sealed).not.toContain(secret);
    expect(await openSecret('a'.repeat(32), sealed)).toBe(secret);
    await expect(openSecret('b'.repeat(32), sealed)).rejects.toThrow();
  });
});
