// Canary browser-fingerprint rules (DECNET R0049, R0053) over the `browser` source (attack/browser.ts):
// an automated browser (navigator.webdriver) and a User-Agent whose OS contradicts navigator.platform.
import { browserText } from '../browser-text';
import type { RepoRule } from './types';

const CHROME_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const fp = (f: Record<string, unknown>) => browserText({ userAgent: CHROME_WIN, platform: 'Win32', timeZone: 'Europe/Berlin', languages: ['de-DE', 'de'], webdriver: false, ...f }, null);

export const browserRules: RepoRule[] = [
  {
    id: 'R0049', version: 1, name: 'browser_webdriver', description: 'The canary was opened by an automated browser (navigator.webdriver is true: Selenium, Puppeteer, Playwright).',
    appliesTo: ['browser'], match: { kind: 'pattern', pattern: String.raw`(?:^|\n)webdriver: true(?:\n|$)`, flags: '' },
    emits: [{ tactic: 'execution', technique: 'T1059', confidence: 0.3 }], evidence: ['browser'],
    examples: { match: [fp({ webdriver: true })], noMatch: [fp({}), fp({ webdriver: undefined, platform: 'webdriver: true' })] },
  },
  {
    id: 'R0053', version: 1, name: 'browser_platform_mismatch', description: 'The User-Agent claims one OS family while navigator.platform reports another: a spoofed User-Agent.',
    appliesTo: ['browser'], match: { kind: 'pattern', pattern: String.raw`(?:^|\n)os: ua=(?!unknown )(\w+) platform=(?!unknown(?:\n|$))(?!\1(?:\n|$))\w+`, flags: '' },
    emits: [{ tactic: 'defense-evasion', technique: 'T1036', confidence: 0.4 }], evidence: ['browser'],
    examples: {
      match: [fp({ platform: 'Linux x86_64' }), fp({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1', platform: 'Win32' })],
      noMatch: [fp({}), fp({ userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/124.0 Mobile Safari/537.36', platform: 'Linux armv8l' }), fp({ platform: '' }), fp({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Safari/605.1.15', platform: 'MacIntel' })],
    },
  },
];
