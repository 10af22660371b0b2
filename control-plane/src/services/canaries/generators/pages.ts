// The HTML page and the SVG image tokens: each loads the token URL (an image fetch, for viewers
// without JavaScript) and runs the signed browser-fingerprint script.
import { fingerprintScript } from './fingerprint-script';

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function canaryHtml(url: string, nonce: string, title: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${attr(title)}</title>
<style>body{font-family:Segoe UI,Arial,sans-serif;margin:3em;color:#222}</style></head>
<body><h1>${attr(title)}</h1><p>Loading the document viewer&hellip;</p>
<img src="${attr(url)}" alt="" width="1" height="1" style="position:absolute;left:-9px">
<script>${fingerprintScript(`${url}/fp`, nonce).replace(/<\//g, '<\\/')}</script>
</body></html>
`;
}

export function canarySvg(url: string, nonce: string, title: string): string {
  const script = fingerprintScript(`${url}/fp`, nonce);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="640" height="200" viewBox="0 0 640 200">
<title>${attr(title)}</title>
<rect width="640" height="200" fill="#f4f6f8"/>
<text x="24" y="60" font-family="Arial" font-size="28" fill="#1a3b5d">${attr(title)}</text>
<image href="${attr(url)}" x="0" y="0" width="1" height="1"/>
<script type="text/javascript"><![CDATA[
${script.replace(/]]>/g, ']] >')}
]]></script>
</svg>
`;
}
