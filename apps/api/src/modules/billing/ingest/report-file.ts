import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { type Writable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { finished } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { CostReportError } from "./cost-report.errors.js";

export type FileKind = "csv" | "gzip" | "parquet";

/** A CUR 2.0 header with every optional column is ~30 KiB: 1 MiB leaves room and bounds the work. */
export const HEADER_LIMIT_BYTES = 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;

/** Tells the container from the first bytes, whatever the file is named. */
export async function probeFile(path: string): Promise<FileKind> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new CostReportError("UNREADABLE", path, systemMessage(error));
  }
  try {
    const magic = Buffer.alloc(4);
    const { bytesRead } = await handle.read(magic, 0, 4, 0);
    if (bytesRead === 0) throw new CostReportError("UNKNOWN_FORMAT", path, "the file is empty");
    if (magic[0] === 0x1f && magic[1] === 0x8b) return "gzip";
    if (bytesRead === 4 && magic.toString("latin1") === "PAR1") return "parquet";
    if (magic[0] === 0x50 && magic[1] === 0x4b && magic[2] === 0x03 && magic[3] === 0x04)
      throw new CostReportError(
        "UNKNOWN_FORMAT",
        path,
        "ZIP archives are not read: unzip the report first",
      );
    return "csv";
  } catch (error) {
    if (error instanceof CostReportError) throw error;
    throw new CostReportError("UNREADABLE", path, systemMessage(error));
  } finally {
    await handle.close();
  }
}

/**
 * The column names of a CSV report: its first record, decompressed if need be. Each chunk is
 * scanned once, from where the last one stopped (rescanning all that was read made a header of
 * one endless line quadratic), and reading stops at {@link HEADER_LIMIT_BYTES}.
 */
export async function readCsvHeader(path: string, gzip: boolean): Promise<string[]> {
  const decoder = new StringDecoder("utf8");
  const pieces: string[] = [];
  let length = 0;
  let quoted = false;
  let found = false;
  // zlib inflates a whole input chunk whatever the reader wants: at gzip's ~1000:1 at most,
  // 1 KiB in is at most ~1 MiB out, so the cap bounds the work too.
  const source = createReadStream(path, { highWaterMark: gzip ? 1024 : 64 * 1024 });
  const stream = gzip ? source.pipe(createGunzip()) : source;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const room = HEADER_LIMIT_BYTES - length;
      let piece = decoder.write(chunk.length > room ? chunk.subarray(0, room) : chunk);
      length = Math.min(length + chunk.length, HEADER_LIMIT_BYTES + 1);
      // Only the new text is scanned, carrying the quoting state over.
      for (let i = 0; i < piece.length; i++) {
        const c = piece.charCodeAt(i);
        if (c === 0x22) quoted = !quoted;
        else if (!quoted && (c === 0x0a || c === 0x0d)) {
          piece = piece.slice(0, i);
          found = true;
          break;
        }
      }
      pieces.push(piece);
      if (found || length > HEADER_LIMIT_BYTES) break;
    }
  } catch (error) {
    throw new CostReportError(
      "CORRUPT_FILE",
      path,
      `cannot read the header: ${systemMessage(error)}`,
      1,
    );
  } finally {
    source.destroy();
    if (stream !== source) stream.destroy();
  }
  if (!found && length > HEADER_LIMIT_BYTES)
    throw new CostReportError(
      "UNKNOWN_FORMAT",
      path,
      `no header line in the first ${HEADER_LIMIT_BYTES / 1024 / 1024} MiB (a header is a few KiB)`,
      1,
    );
  // Without a line break: a file of one line.
  if (!found) pieces.push(decoder.end());
  const record = pieces.join("");
  return parseCsvRecord(record.replace(/^\uFEFF/, ""));
}

/** Splits one CSV record (RFC 4180 quoting) into its fields. */
export function parseCsvRecord(record: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i];
    if (quoted) {
      if (c === '"' && record[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else field += c;
  }
  fields.push(field);
  return fields;
}

export interface FileCheck {
  /** sha256 of the file's bytes, hex. */
  contentHash: string;
  /** Set when the gzip stream is truncated or corrupt. */
  problem: CostReportError | null;
}

/**
 * Hashes the file and, for gzip, inflates it to the end: DuckDB reads a truncated gzip without
 * complaint (it stops at the cut, often on a whole line) and checks no CRC. Never rejects.
 *
 * One read buffer is reused for the whole file, instead of a stream's fresh buffer per chunk: it
 * runs beside DuckDB's scan, and on a Parquet file this took a third of a CPU from it.
 */
export async function checkFile(
  path: string,
  gzip: boolean,
  signal?: AbortSignal,
): Promise<FileCheck> {
  const hash = createHash("sha256");
  const inflater = gzip ? createGunzip({ chunkSize: READ_CHUNK_BYTES }) : null;
  // The inflated bytes are not needed, only whether inflating succeeds to the end. The outcome
  // is held as a value: a rejected promise nobody awaits yet would end the process.
  const inflated = inflater
    ? finished(inflater.resume()).then(
        () => null,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      )
    : null;
  let handle;
  try {
    handle = await open(path, "r");
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      // The buffer is reused once the inflater has consumed the chunk (its write callback).
      if (inflater) await writeChunk(inflater, chunk);
    }
    if (inflater) {
      inflater.end();
      const failure = await inflated;
      if (failure) throw failure;
    }
    return { contentHash: hash.digest("hex"), problem: null };
  } catch (error) {
    inflater?.destroy();
    await inflated;
    const code = (error as { code?: unknown }).code;
    const detail =
      code === "Z_BUF_ERROR"
        ? "the gzip stream is truncated (unexpected end of file)"
        : code === "Z_DATA_ERROR"
          ? `the gzip stream is corrupt (${systemMessage(error)})`
          : systemMessage(error);
    const kind = typeof code === "string" && code.startsWith("Z_") ? "CORRUPT_FILE" : "UNREADABLE";
    return { contentHash: "", problem: new CostReportError(kind, path, detail) };
  } finally {
    await handle?.close();
  }
}

// zlib destroys itself on bad data without calling the pending write's callback: the stream's
// close settles the write then.
function writeChunk(stream: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const onClose = (): void => reject(stream.errored ?? new Error("the gzip check stopped"));
    stream.once("close", onClose);
    stream.write(chunk, (error) => {
      stream.off("close", onClose);
      if (error) reject(error);
      else resolve();
    });
  });
}

function systemMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
