import * as zlib from "node:zlib";
import { unzipSync } from "fflate";

/**
 * A zip reader and writer for OPC packages that copies entries nobody changed *as stored*: their
 * compressed bytes, CRC and timestamps are written back untouched, so they are byte-identical even
 * inside the archive, and a large sheet the user owns is never inflated or deflated again.
 * Inflate, deflate and CRC-32 are Node's zlib (native: a 40 MB generated sheet deflates several
 * times faster than in JavaScript). Archives this reader does not handle (zip64, encrypted,
 * unusual compression) are read with fflate's `unzipSync` instead and rewritten entry by entry.
 */

export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipFormatError";
  }
}

/** An entry as found in the archive, not yet inflated. */
export interface StoredEntry {
  name: string;
  method: number;
  flags: number;
  versionNeeded: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** The compressed bytes (a view into the archive). */
  compressed: Uint8Array;
}

/** Data deflated ahead of writing (see `DeflateWriter`): written as is, with its CRC and size. */
export interface DeflatedData {
  compressed: Uint8Array;
  crc: number;
  size: number;
}

export type ZipEntry =
  | { kind: "stored"; entry: StoredEntry }
  | { kind: "data"; data: Uint8Array }
  | { kind: "deflated"; deflated: DeflatedData };

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;

function u16(b: Uint8Array, o: number): number {
  return (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
}
function u32(b: Uint8Array, o: number): number {
  return ((b[o] ?? 0) | ((b[o + 1] ?? 0) << 8) | ((b[o + 2] ?? 0) << 16) | ((b[o + 3] ?? 0) << 24)) >>> 0;
}

const utf8 = new TextDecoder("utf-8");

/** Reads the central directory; undefined when the archive needs the fallback reader. */
function readStoredEntries(bytes: Uint8Array): StoredEntry[] | undefined {
  const min = Math.max(0, bytes.length - 22 - 65535);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= min; i--) {
    if (u32(bytes, i) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError("no end of central directory record (not a zip file)");
  const count = u16(bytes, eocd + 10);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) return undefined; // zip64
  const entries: StoredEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (u32(bytes, p) !== SIG_CENTRAL) throw new ZipFormatError("damaged central directory");
    const versionNeeded = u16(bytes, p + 6);
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const dosTime = u16(bytes, p + 12);
    const dosDate = u16(bytes, p + 14);
    const crc = u32(bytes, p + 16);
    const compressedSize = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    const localOffset = u32(bytes, p + 42);
    const name = utf8.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    p += 46 + nameLength + extraLength + commentLength;
    if ((flags & 1) !== 0 || (method !== 0 && method !== 8)) return undefined;
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) return undefined;
    if (u32(bytes, localOffset) !== SIG_LOCAL) throw new ZipFormatError(`damaged local header for ${name}`);
    const dataStart = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28);
    if (dataStart + compressedSize > bytes.length) throw new ZipFormatError(`truncated data for ${name}`);
    entries.push({
      name,
      method,
      flags,
      versionNeeded,
      dosTime,
      dosDate,
      crc,
      compressedSize,
      size,
      compressed: bytes.subarray(dataStart, dataStart + compressedSize),
    });
  }
  return entries;
}

/** The archive's entries in order, each either as stored or (fallback) already inflated. */
export function readZip(bytes: Uint8Array): { name: string; entry: ZipEntry }[] {
  const stored = readStoredEntries(bytes);
  if (stored) return stored.map((entry) => ({ name: entry.name, entry: { kind: "stored", entry } }));
  return Object.entries(unzipSync(bytes)).map(([name, data]) => ({ name, entry: { kind: "data", data } }));
}

export function inflateEntry(entry: StoredEntry): Uint8Array {
  let data: Uint8Array;
  if (entry.method === 0) data = entry.compressed;
  else {
    try {
      data = zlib.inflateRawSync(entry.compressed);
    } catch (error) {
      throw new ZipFormatError(`${entry.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (data.length !== entry.size) throw new ZipFormatError(`${entry.name}: expected ${entry.size} bytes, got ${data.length}`);
  return data;
}

/** The content of data deflated ahead of writing. */
export function inflateDeflated(name: string, deflated: DeflatedData): Uint8Array {
  return inflateEntry({ name, method: 8, flags: 0, versionNeeded: 20, dosTime: 0, dosDate: 0, crc: deflated.crc, compressedSize: deflated.compressed.length, size: deflated.size, compressed: deflated.compressed });
}

/**
 * Deflates text as it is written, in pieces: the text is encoded into a 1 MB buffer and each full
 * buffer is deflated on its own and flushed to a byte boundary (Z_SYNC_FLUSH); the pieces joined,
 * with a final empty block, are one deflate stream. The whole text is never held at once, neither
 * as a string nor as bytes.
 */
export class DeflateWriter {
  private static readonly CAPACITY = 1 << 20;
  private buffer = Buffer.allocUnsafe(DeflateWriter.CAPACITY);
  private used = 0;
  private readonly pieces: Uint8Array[] = [];
  private crc = 0;
  private size = 0;

  constructor(private readonly level: number) {}

  write(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.used + text.length * 3 > DeflateWriter.CAPACITY) {
      this.flush();
      if (text.length * 3 > DeflateWriter.CAPACITY) {
        this.deflate(Buffer.from(text, "utf8"));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, "utf8");
  }

  private flush(): void {
    if (this.used === 0) return;
    this.deflate(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  private deflate(data: Uint8Array): void {
    this.crc = crc32(data, this.crc);
    this.size += data.length;
    this.pieces.push(zlib.deflateRawSync(data, { level: this.level, finishFlush: zlib.constants.Z_SYNC_FLUSH }));
  }

  finish(): DeflatedData {
    this.flush();
    this.pieces.push(zlib.deflateRawSync(new Uint8Array(0), { level: this.level }));
    this.buffer = Buffer.alloc(0);
    return { compressed: Buffer.concat(this.pieces), crc: this.crc, size: this.size };
  }
}

// ---------------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** Node's native CRC-32 (Node ≥ 20.15), when there is one. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 of `data`, continuing from `previous` (the CRC of the data before it). */
export function crc32(data: Uint8Array, previous = 0): number {
  if (nativeCrc32) return nativeCrc32(data, previous) >>> 0;
  let c = previous ^ -1;
  for (let i = 0; i < data.length; i++) c = (CRC_TABLE[(c ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function dosDateTime(date: Date): { dosTime: number; dosDate: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    dosTime: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    dosDate: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

export interface WriteZipOptions {
  /** Deflate level for new or changed entries whose name does not match `storeUncompressed`. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** Names written without compression (already compressed media). */
  storeUncompressed?: RegExp;
  now?: Date;
}

/** What `writeZip` writes of one entry. */
interface EntryRecord {
  nameBytes: Uint8Array;
  flags: number;
  method: number;
  versionNeeded: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  size: number;
  compressed: Uint8Array;
}

/**
 * The 26 bytes the local header (at offset 4) and the central directory header (at offset 6)
 * share: version needed, flags, method, time, date, CRC, sizes, name length, extra length (0).
 */
function writeEntryFields(view: DataView, at: number, r: EntryRecord): void {
  view.setUint16(at, r.versionNeeded, true);
  view.setUint16(at + 2, r.flags, true);
  view.setUint16(at + 4, r.method, true);
  view.setUint16(at + 6, r.dosTime, true);
  view.setUint16(at + 8, r.dosDate, true);
  view.setUint32(at + 10, r.crc, true);
  view.setUint32(at + 14, r.compressed.length, true);
  view.setUint32(at + 18, r.size, true);
  view.setUint16(at + 22, r.nameBytes.length, true);
  view.setUint16(at + 24, 0, true);
}

/** Writes entries in order: stored ones as they were, data ones deflated. */
export function writeZip(entries: readonly { name: string; entry: ZipEntry }[], options: WriteZipOptions = {}): Uint8Array {
  const level = options.level ?? 6;
  const { dosTime, dosDate } = dosDateTime(options.now ?? new Date());
  const encoder = new TextEncoder();
  const records = entries.map(({ name, entry }): EntryRecord => {
    const nameBytes = encoder.encode(name);
    const utf8Flag = /[^\x20-\x7e]/.test(name) ? 0x800 : 0;
    if (entry.kind === "stored") {
      const e = entry.entry;
      // Sizes and CRC go in the local header, so no data descriptor (flag bit 3).
      return { nameBytes, flags: (e.flags & ~0x8) | utf8Flag, method: e.method, versionNeeded: Math.max(e.versionNeeded, 20), dosTime: e.dosTime, dosDate: e.dosDate, crc: e.crc, size: e.size, compressed: e.compressed };
    }
    if (entry.kind === "deflated") {
      const d = entry.deflated;
      return { nameBytes, flags: utf8Flag, method: 8, versionNeeded: 20, dosTime, dosDate, crc: d.crc, size: d.size, compressed: d.compressed };
    }
    const store = level === 0 || (options.storeUncompressed?.test(name) ?? false) || entry.data.length === 0;
    const compressed = store ? entry.data : zlib.deflateRawSync(entry.data, { level });
    return { nameBytes, flags: utf8Flag, method: store ? 0 : 8, versionNeeded: 20, dosTime, dosDate, crc: crc32(entry.data), size: entry.data.length, compressed };
  });

  let total = 22;
  for (const r of records) total += 30 + r.nameBytes.length + r.compressed.length + 46 + r.nameBytes.length;
  if (total > 0xffffffff || records.length > 0xfffe) throw new ZipFormatError("the package is too large for a zip without zip64");
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let p = 0;
  const offsets: number[] = [];
  for (const r of records) {
    offsets.push(p);
    view.setUint32(p, SIG_LOCAL, true);
    writeEntryFields(view, p + 4, r);
    out.set(r.nameBytes, p + 30);
    p += 30 + r.nameBytes.length;
    out.set(r.compressed, p);
    p += r.compressed.length;
  }
  const cdStart = p;
  records.forEach((r, i) => {
    view.setUint32(p, SIG_CENTRAL, true);
    view.setUint16(p + 4, 20, true);
    writeEntryFields(view, p + 6, r);
    view.setUint16(p + 32, 0, true);
    view.setUint16(p + 34, 0, true);
    view.setUint16(p + 36, 0, true);
    view.setUint32(p + 38, 0, true);
    view.setUint32(p + 42, offsets[i] ?? 0, true);
    out.set(r.nameBytes, p + 46);
    p += 46 + r.nameBytes.length;
  });
  view.setUint32(p, SIG_EOCD, true);
  view.setUint16(p + 4, 0, true);
  view.setUint16(p + 6, 0, true);
  view.setUint16(p + 8, records.length, true);
  view.setUint16(p + 10, records.length, true);
  view.setUint32(p + 12, p - cdStart, true);
  view.setUint32(p + 16, cdStart, true);
  view.setUint16(p + 20, 0, true);
  return out;
}
