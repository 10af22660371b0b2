// RFC 2347/2348/2349 option negotiation as tftpd-hpa does it (do_opt): numeric values only, unknown
// names ignored, the client's spelling echoed in the OACK, a known option with a bad value refused
// with ERROR 8 "Unsupported option(s) requested", blksize cut to the server's maximum.
export interface Negotiated {
  blksize: number;
  /** Accepted options for the OACK (empty: no OACK, plain RFC 1350 transfer). */
  oack: Array<[string, string]>;
  /** Set when negotiation fails (ERROR 8). */
  refused?: boolean;
}

export function negotiate(options: ReadonlyArray<[string, string]>, opts: { maxBlksize: number; tsize?: number; write: boolean }): Negotiated {
  const out: Negotiated = { blksize: 512, oack: [] };
  let blkSet = false;
  for (const [name, value] of options) {
    if (name === '' || value === '' || !/^\d{1,15}$/.test(value)) continue;
    const v = Number(value);
    const accept = (val: number): void => void out.oack.push([name, String(val)]);
    switch (name.toLowerCase()) {
      case 'blksize':
      case 'blksize2': {
        if (blkSet) break;
        if (v < 8) return { ...out, refused: true };
        let sz = Math.min(v, opts.maxBlksize);
        // blksize2: the largest power of two not above the request.
        if (name.toLowerCase() === 'blksize2' && v <= opts.maxBlksize) sz = 2 ** Math.floor(Math.log2(sz));
        out.blksize = sz;
        blkSet = true;
        accept(sz);
        break;
      }
      case 'tsize':
        // RFC 2349 §4: on RRQ the server answers the size; netascii has no known size (refused).
        if (opts.write) accept(v);
        else if (opts.tsize === undefined) return { ...out, refused: true };
        else accept(v === 0 ? opts.tsize : v);
        break;
      case 'timeout':
        if (v < 1 || v > 255) return { ...out, refused: true };
        accept(v);
        break;
      case 'utimeout':
        if (v < 10_000 || v > 255_000_000) return { ...out, refused: true };
        accept(v);
        break;
      case 'rollover':
        if (v > 65535) return { ...out, refused: true };
        accept(v);
        break;
      default:
        break;
    }
  }
  return out;
}
