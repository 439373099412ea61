import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { dataDir } from "~/utils/env.server";

/**
 * Uploaded files (assurance evidence) behind a small interface. The default keeps them on
 * local disk under DATA_DIR/uploads, outside anything the web server serves, so a file is only
 * ever reached through a route that checks who is asking. An object store (S3, Azure Blob)
 * is a second implementation of `UploadStorage` chosen in `uploadStorage()`; nothing else
 * changes, because callers only see keys and streams.
 */

export type StoredUpload = {
  /** Random, never derived from the file name, so names cannot steer where files land. */
  key: string;
  sizeBytes: number;
  sha256: string;
  /** The first bytes, for checking the type by content. */
  head: Buffer;
};

export type SaveResult = ({ ok: true } & StoredUpload) | { ok: false; reason: "too-large" | "empty"; sizeBytes: number };

export interface UploadStorage {
  /**
   * Streams `chunks` into storage, hashing as it goes. Past `maxBytes` the rest is read and
   * thrown away (so the browser gets a proper answer) and nothing is kept.
   */
  save(chunks: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<SaveResult>;
  open(key: string): Promise<Readable | null>;
  remove(key: string): Promise<void>;
}

const HEAD_BYTES = 16;
const KEY_PATTERN = /^[a-f0-9]{32}$/;

export function localDiskStorage(root: string): UploadStorage {
  const pathFor = (key: string) => {
    if (!KEY_PATTERN.test(key)) throw new Error("Not a storage key");
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    async save(chunks, { maxBytes }) {
      const key = randomBytes(16).toString("hex");
      const final = pathFor(key);
      const temporary = `${final}.part`;
      await mkdir(path.dirname(final), { recursive: true });
      const out = createWriteStream(temporary, { mode: 0o600 });
      const hash = createHash("sha256");
      const head: Buffer[] = [];
      let headLength = 0;
      let size = 0;
      let tooLarge = false;
      try {
        for await (const chunk of chunks) {
          size += chunk.byteLength;
          if (tooLarge) continue;
          if (size > maxBytes) {
            tooLarge = true;
            out.destroy();
            continue;
          }
          if (headLength < HEAD_BYTES) {
            head.push(Buffer.from(chunk.subarray(0, HEAD_BYTES - headLength)));
            headLength += Math.min(chunk.byteLength, HEAD_BYTES - headLength);
          }
          hash.update(chunk);
          if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
        }
        if (tooLarge || size === 0) {
          await rm(temporary, { force: true });
          return { ok: false, reason: tooLarge ? "too-large" : "empty", sizeBytes: size };
        }
        out.end();
        await finished(out);
        await rename(temporary, final);
        return { ok: true, key, sizeBytes: size, sha256: hash.digest("hex"), head: Buffer.concat(head) };
      } catch (error) {
        out.destroy();
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async open(key) {
      const file = pathFor(key);
      const found = await stat(file).catch(() => null);
      return found?.isFile() ? createReadStream(file) : null;
    },
    async remove(key) {
      await rm(pathFor(key), { force: true });
    },
  };
}

let storage: UploadStorage | undefined;

/** The deployment's storage: local disk today; an object store would be selected here by env. */
export function uploadStorage(): UploadStorage {
  storage ??= localDiskStorage(dataDir("uploads"));
  return storage;
}

/** Tests point uploads at a temporary folder. */
export function setUploadStorage(replacement: UploadStorage | undefined) {
  storage = replacement;
}

/** A PDF starts with "%PDF-" whatever its name says; an executable renamed .pdf does not. */
export function looksLikePdf(head: Buffer): boolean {
  return head.subarray(0, 5).toString("latin1") === "%PDF-";
}

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** Web stream for a download response. */
export function toWebStream(stream: Readable): ReadableStream<Uint8Array> {
  return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
}
