// The browser-fingerprint script embedded in the HTML and SVG tokens: it measures user agent, time
// zone, languages, webdriver flag, canvas and audio hashes, signs the JSON with HMAC-SHA256 keyed by
// the token's nonce (pure JS: crypto.subtle is missing on plain-http pages) and posts it to `/c/<slug>/fp`.

/** sha256(bytes) and hmac(keyString, msgString) -> hex, in plain ES5-ish JS (FIPS 180-4 §6.2, RFC 2104). */
export const HMAC_JS = `function _u8(s){return new TextEncoder().encode(s)}
function _sha(m){var K=[],H=[],i,j,p=function(n){for(var f=2;f*f<=n;f++)if(n%f==0)return 0;return 1},c=0,n=2;
while(c<64){if(p(n)){if(c<8)H[c]=Math.pow(n,1/2)*4294967296|0;K[c]=Math.pow(n,1/3)*4294967296|0;c++}n++}
var l=m.length,b=new Uint8Array(((l+9+63)>>6)<<6);b.set(m);b[l]=128;var bl=l*8;
for(i=0;i<4;i++)b[b.length-1-i]=(bl>>>(8*i))&255;b[b.length-5]=Math.floor(l/536870912)&255;
var w=new Array(64),r=function(x,k){return(x>>>k)|(x<<(32-k))};
for(j=0;j<b.length;j+=64){for(i=0;i<16;i++)w[i]=(b[j+4*i]<<24)|(b[j+4*i+1]<<16)|(b[j+4*i+2]<<8)|b[j+4*i+3];
for(i=16;i<64;i++){var s0=r(w[i-15],7)^r(w[i-15],18)^(w[i-15]>>>3),s1=r(w[i-2],17)^r(w[i-2],19)^(w[i-2]>>>10);w[i]=(w[i-16]+s0+w[i-7]+s1)|0}
var a=H[0],bb=H[1],cc=H[2],d=H[3],e=H[4],f=H[5],g=H[6],h=H[7];
for(i=0;i<64;i++){var t1=(h+(r(e,6)^r(e,11)^r(e,25))+((e&f)^(~e&g))+K[i]+w[i])|0,t2=((r(a,2)^r(a,13)^r(a,22))+((a&bb)^(a&cc)^(bb&cc)))|0;
h=g;g=f;f=e;e=(d+t1)|0;d=cc;cc=bb;bb=a;a=(t1+t2)|0}
H[0]=(H[0]+a)|0;H[1]=(H[1]+bb)|0;H[2]=(H[2]+cc)|0;H[3]=(H[3]+d)|0;H[4]=(H[4]+e)|0;H[5]=(H[5]+f)|0;H[6]=(H[6]+g)|0;H[7]=(H[7]+h)|0}
var o=new Uint8Array(32);for(i=0;i<8;i++){o[4*i]=H[i]>>>24;o[4*i+1]=(H[i]>>>16)&255;o[4*i+2]=(H[i]>>>8)&255;o[4*i+3]=H[i]&255}return o}
function _hex(u){var s='';for(var i=0;i<u.length;i++)s+=(u[i]<16?'0':'')+u[i].toString(16);return s}
function _hmac(k,m){var kb=_u8(k);if(kb.length>64)kb=_sha(kb);var ip=new Uint8Array(64),op=new Uint8Array(64);
for(var i=0;i<64;i++){var x=i<kb.length?kb[i]:0;ip[i]=x^54;op[i]=x^92}
var mb=_u8(m),a=new Uint8Array(64+mb.length);a.set(ip);a.set(mb,64);var ih=_sha(a),b=new Uint8Array(96);b.set(op);b.set(ih,64);return _hex(_sha(b))}`;

/** The whole script: `reportUrl` and `nonce` are embedded as JSON string literals. */
export function fingerprintScript(reportUrl: string, nonce: string): string {
  const js = JSON.stringify;
  return `(function(){${HMAC_JS}
var X='http://www.w3.org/1999/xhtml';
function canvasHash(){try{var c=document.createElementNS(X,'canvas');c.width=220;c.height=40;var g=c.getContext('2d');g.textBaseline='top';g.font='16px Arial';
g.fillStyle='#f60';g.fillRect(100,1,62,20);g.fillStyle='#069';g.fillText('Cwm fjordbank glyphs vext quiz',2,15);return _hex(_sha(_u8(c.toDataURL()))).slice(0,32)}catch(e){return 'error'}}
function audioHash(){return new Promise(function(ok){try{var A=window.OfflineAudioContext||window.webkitOfflineAudioContext;if(!A)return ok('none');
var ctx=new A(1,5000,44100),o=ctx.createOscillator(),k=ctx.createDynamicsCompressor();o.type='triangle';o.frequency.value=10000;o.connect(k);k.connect(ctx.destination);o.start(0);
var t=setTimeout(function(){ok('timeout')},2000);ctx.startRendering().then(function(b){clearTimeout(t);var d=b.getChannelData(0),s=0;for(var i=4500;i<5000;i++)s+=Math.abs(d[i]);ok(s.toString())},function(){ok('error')})}catch(e){ok('error')}})}
audioHash().then(function(ah){var n=navigator,fp={userAgent:String(n.userAgent).slice(0,512),timeZone:(Intl.DateTimeFormat().resolvedOptions().timeZone||'').slice(0,128),
languages:(n.languages||[n.language]).slice(0,32).map(function(l){return String(l).slice(0,64)}),webdriver:n.webdriver===true,platform:String(n.platform||'').slice(0,128),
screen:(screen.width+'x'+screen.height+'x'+screen.colorDepth),canvasHash:canvasHash(),audioHash:_hex(_sha(_u8(ah))).slice(0,32)};
var j=JSON.stringify(fp),body=JSON.stringify({json:j,sig:_hmac(${js(nonce)},j)});
try{fetch(${js(reportUrl)},{method:'POST',mode:'no-cors',headers:{'content-type':'text/plain'},body:body,keepalive:true})}catch(e){try{navigator.sendBeacon(${js(reportUrl)},body)}catch(e2){}}})})();`;
}
