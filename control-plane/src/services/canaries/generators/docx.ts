// A Word document that calls home when opened: an external attached template (settings.xml.rels)
// and an externally linked picture in the body (document.xml.rels, TargetMode="External"), the two
// fetches Word makes for a remote resource (as canarytokens.org's MS Word token does).
import { zipStored } from './zip';

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

function picture(): string {
  // An inline DrawingML picture whose blip is linked (r:link), not embedded.
  return `<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="9525" cy="9525"/><wp:docPr id="1" name="logo"/>` +
    `<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
    `<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="1" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:link="rIdImg"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="9525" cy="9525"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>` +
    `</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;
}

export function canaryDocx(url: string, title: string, paragraphs: string[]): Uint8Array {
  const target = xmlEscape(url);
  const body = [title, ...paragraphs].map((p, i) => `<w:p>${i === 0 ? picture() : ''}<w:r>${i === 0 ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${xmlEscape(p)}</w:t></w:r></w:p>`).join('');
  return zipStored([
    {
      name: '[Content_Types].xml',
      data: `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
        `<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/></Types>`,
    },
    { name: '_rels/.rels', data: `${HEAD}<Relationships xmlns="${REL}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/></Relationships>` },
    { name: 'word/document.xml', data: `${HEAD}<w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}<w:sectPr/></w:body></w:document>` },
    {
      name: 'word/_rels/document.xml.rels',
      data: `${HEAD}<Relationships xmlns="${REL}"><Relationship Id="rIdSettings" Type="${R}/settings" Target="settings.xml"/><Relationship Id="rIdImg" Type="${R}/image" Target="${target}" TargetMode="External"/></Relationships>`,
    },
    { name: 'word/settings.xml', data: `${HEAD}<w:settings xmlns:w="${W}" xmlns:r="${R}"><w:attachedTemplate r:id="rIdTpl"/></w:settings>` },
    { name: 'word/_rels/settings.xml.rels', data: `${HEAD}<Relationships xmlns="${REL}"><Relationship Id="rIdTpl" Type="${R}/attachedTemplate" Target="${target}" TargetMode="External"/></Relationships>` },
  ]);
}
