// Node: the IP dataset from its image in the data directory (services/enrichment/dataset-image.ts).
// The first start, or a start after the ip-location-db packages or their CSV files changed, parses
// the CSVs in slices (as before, a few seconds in the background) and writes the image (~24 MB)
// beside the database; every start then opens it in milliseconds and looks addresses up with
// positioned reads, so the parsed tables (~33 MB) never stay in the process's heap. The page cache
// holds the file's hot pages, shared and reclaimable, outside the process's own memory.
import { closeSync, fstatSync, openSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeDatasetImage, openDatasetImage, readImageHeader, type ReadAt } from '../services/enrichment/dataset-image';
import { IP_DATASET_FILES, ipDatasetOfImage, ipDatasetTablesFromPackagesAsync, ipDatasetVersion, type IpDataset } from '../services/enrichment/dataset';

export const IP_DATASET_IMAGE = 'ip-dataset.img';

export interface IpDatasetImageLoad {
  dataset: IpDataset;
  /** True when this call parsed the CSVs and wrote the image; false when it opened one. */
  built: boolean;
}

/** A positioned reader over an open file (the descriptor stays open for the process's life). */
function fileReader(fd: number): ReadAt {
  return (offset, length) => {
    const buf = Buffer.allocUnsafe(length);
    const n = readSync(fd, buf, 0, length, offset);
    return n === length ? buf : buf.subarray(0, n);
  };
}

/** Opens the image at `file` when it is whole and built from `version` and `source`; else null (and closes it). */
function openIfCurrent(file: string, version: string, source: string): IpDataset | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const readAt = fileReader(fd);
    const size = fstatSync(fd).size;
    const h = readImageHeader(readAt, size);
    if ('error' in h || h.header.version !== version || h.header.source !== source) {
      closeSync(fd);
      return null;
    }
    const ds = ipDatasetOfImage(openDatasetImage(readAt, size));
    return {
      version: ds.version,
      // A failed read (the disk, not the address) leaves the address without facts; ingest goes on.
      lookup: (ip) => {
        try {
          return ds.lookup(ip);
        } catch {
          return { country: null, asn: null, asOrg: null };
        }
      },
    };
  } catch {
    closeSync(fd);
    return null;
  }
}

/**
 * The dataset for a control plane whose data directory is `dataDir`; `resolve` turns the
 * packages' module specifiers into file paths. Processes sharing the directory (DECNET_WORKERS)
 * may each build it: each writes its own temporary file and renames it into place whole.
 */
export async function ipDatasetFromImage(dataDir: string, resolve: (specifier: string) => string): Promise<IpDatasetImageLoad> {
  const read = (spec: string) => readFile(resolve(spec), 'utf8');
  const F = IP_DATASET_FILES;
  const version = await ipDatasetVersion(read);
  // Newer CSVs dropped into the packages in place (the README's way to update) make the image stale.
  const source = [F.asnV4Num, F.asnV6, F.countryV4Num, F.countryV6]
    .map((spec) => {
      const st = statSync(resolve(spec));
      return `${st.size}@${Math.trunc(st.mtimeMs)}`;
    })
    .join(' ');
  const file = join(dataDir, IP_DATASET_IMAGE);
  const current = openIfCurrent(file, version, source);
  if (current) return { dataset: current, built: false };
  const tables = await ipDatasetTablesFromPackagesAsync(read);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, encodeDatasetImage(version, source, tables), { mode: 0o600 });
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* not written */
    }
    throw e;
  }
  const opened = openIfCurrent(file, version, source);
  if (!opened) throw new Error(`IP dataset image ${file} unreadable right after writing it`);
  return { dataset: opened, built: true };
}
