// A PDF that calls home when opened: the catalog's /OpenAction is a URI action to the token URL, and
// the page carries a link annotation to it (ISO 32000-1 §12.6.4.7 URI actions, §7.5 file structure
// with a correct xref table so strict parsers accept it).
const enc = new TextEncoder();
/** PDF literal string escaping (§7.3.4.2); non-ASCII dropped to keep the file 7-bit. */
const lit = (s: string) => `(${s.replace(/[^\x20-\x7e]/g, '').replace(/([\\()])/g, '\\$1')})`;

export function canaryPdf(url: string, title: string, lines: string[]): Uint8Array {
  const text = [title, ...lines]
    .map((l, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 72 ${720 - i * 22} Td ${lit(l)} Tj ET`)
    .join('\n');
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R /Names << >> >>`,
    `<< /Type /Pages /Kids [3 0 R] /Count 1 >>`,
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R] >>`,
    `<< /Length ${enc.encode(text).length} >>\nstream\n${text}\nendstream`,
    `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>`,
    `<< /Type /Action /S /URI /URI ${lit(url)} >>`,
    `<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] /Border [0 0 0] /A 6 0 R >>`,
    `<< /Title ${lit(title)} /Producer (Microsoft: Print To PDF) >>`,
  ];
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  // Byte offsets: the header's 4 high bytes are one byte each in latin1 output below.
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xrefAt = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 8 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  const bytes = new Uint8Array(out.length);
  for (let i = 0; i < out.length; i++) bytes[i] = out.charCodeAt(i) & 0xff;
  return bytes;
}
