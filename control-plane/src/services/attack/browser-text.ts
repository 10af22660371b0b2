// The `browser` rule source: a canary's browser fingerprint (what the fingerprint script measured,
// plus the request's User-Agent) as "key: value" lines for R0049/R0053. Values are attacker data:
// one line each, bounded, never interpreted.

const VALUE_MAX_CHARS = 256;
const one = (v: unknown) => (typeof v === 'string' ? v : '').replace(/[\r\n]+/g, ' ').slice(0, VALUE_MAX_CHARS);

/** OS family named by a User-Agent or navigator.platform: windows | apple | linux (Android, ChromeOS) | unknown. */
export function osFamily(s: string): string {
  if (/\bwin(?:dows|32|64)?\b|windows/i.test(s)) return 'windows';
  if (/mac|iphone|ipad|ipod|\bios\b|darwin/i.test(s)) return 'apple';
  if (/linux|android|x11|cros|ubuntu|fedora/i.test(s)) return 'linux';
  return 'unknown';
}

export function browserText(fp: Record<string, unknown>, requestUserAgent: string | null): string {
  const ua = one(fp.userAgent) || one(requestUserAgent);
  const platform = one(fp.platform);
  const langs = Array.isArray(fp.languages) ? fp.languages.slice(0, 8).map(one).join(',') : '';
  return [
    `webdriver: ${fp.webdriver === true ? 'true' : fp.webdriver === false ? 'false' : 'unknown'}`,
    `os: ua=${ua ? osFamily(ua) : 'unknown'} platform=${platform ? osFamily(platform) : 'unknown'}`,
    `ua: ${ua}`,
    `platform: ${platform}`,
    `timezone: ${one(fp.timeZone)}`,
    `languages: ${langs}`,
  ].join('\n');
}
