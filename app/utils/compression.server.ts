import { readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import compression from "compression";
import type { NextFunction, Request, RequestHandler, Response } from "express";

/**
 * Compressed responses (issue 15), as two middlewares for server.ts:
 *
 * - `compressedResponses()`: brotli or gzip, as the browser asks, for every compressible
 *   response (HTML, JSON, CSV, JS, CSS, SVG) of 1 KB or more, by the `compression` library.
 *   Streaming keeps working: Remix flushes after each chunk it writes, and the compressor
 *   flushes with it. The CSP nonce is in the headers and the HTML alike, neither of which
 *   compression changes. A strong ETag is made weak on a compressed response, as the bytes
 *   differ from the uncompressed representation's (the open API compares ETags weakly).
 * - `precompressedAssets(dir)`: the hashed build assets (immutable, so compressed once):
 *   brotli at its best quality and gzip at level 9, worked out off the main thread one file
 *   after another from startup and kept in memory. A request for a file not yet done waits
 *   for that file (started at once), so every asset, however small or early, is sent the
 *   same way. Brotli is sent whenever the browser accepts it: browsers list gzip first
 *   ("gzip, deflate, br, zstd") with equal weight, and brotli is the smaller.
 */

/** On-the-fly levels: quick enough for every page and API response (brotli 4 ≈ gzip 6 in time, smaller). */
const BROTLI_QUALITY = 4;
const GZIP_LEVEL = 6;
const THRESHOLD_BYTES = 1024;

export function compressedResponses(): RequestHandler {
  const compress = compression({
    threshold: THRESHOLD_BYTES,
    level: GZIP_LEVEL,
    brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
  });
  return (req, res, next) => {
    weakenETagWhenEncoded(res);
    compress(req, res, next);
  };
}

/**
 * Registered before the compressor's own header hook, so it runs after it (each hook wraps
 * writeHead and runs before the one it wraps): by then Content-Encoding says what was done.
 */
function weakenETagWhenEncoded(res: Response) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
    const etag = this.getHeader("ETag");
    if (typeof etag === "string" && !etag.startsWith("W/") && this.getHeader("Content-Encoding")) this.setHeader("ETag", `W/${etag}`);
    return writeHead.apply(this, args);
  } as Response["writeHead"];
}

type Encoded = { br: Buffer; gzip: Buffer };

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const IMMUTABLE = "public, max-age=31536000, immutable";

/** Serves the files under `dir` (mounted at their URL prefix) compressed from memory; anything else falls through. */
export function precompressedAssets(dir: string): RequestHandler {
  const files = listFiles(dir);
  const known = new Set(files);
  const encoded = new Map<string, Promise<Encoded | null>>();

  const prepare = (file: string): Promise<Encoded | null> => {
    let ready = encoded.get(file);
    if (!ready) {
      ready = readFile(path.join(dir, file))
        .then(async (body) => {
          const [br, gz] = await Promise.all([
            brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
            gzip(body, { level: 9 }),
          ]);
          return { br, gzip: gz };
        })
        // An unreadable file is left to express.static, which answers for it as it can.
        .catch(() => null);
      encoded.set(file, ready);
    }
    return ready;
  };
  // One file at a time, so that warming up takes at most one thread from the requests.
  void files.reduce<Promise<unknown>>((previous, file) => previous.then(() => prepare(file)), Promise.resolve());

  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || req.headers.range) return next();
    const file = safeRelative(req.path);
    if (!file || !known.has(file)) return next();
    const encoding = req.acceptsEncodings("br") === "br" ? "br" : req.acceptsEncodings("gzip") === "gzip" ? "gzip" : null;
    if (!encoding) return next();
    prepare(file).then((ready) => {
      if (!ready) return next();
      const body = ready[encoding];
      res.type(path.extname(file));
      res.setHeader("Content-Encoding", encoding);
      res.setHeader("Content-Length", body.length);
      res.setHeader("Cache-Control", IMMUTABLE);
      res.setHeader("Vary", "Accept-Encoding");
      res.status(200);
      if (req.method === "HEAD") return res.end();
      res.end(body);
    }, next);
  };
}

/** The request path as a file path under the mount, or null for anything that would leave it. */
function safeRelative(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const normalised = path.posix.normalize(decoded).replace(/^\/+/, "");
  if (!normalised || normalised.startsWith("..") || normalised.includes("\0")) return null;
  return normalised;
}

function listFiles(dir: string, prefix = ""): string[] {
  let entries: string[];
  try {
    entries = readdirSync(path.join(dir, prefix));
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const relative = prefix ? `${prefix}/${name}` : name;
    return statSync(path.join(dir, relative)).isDirectory() ? listFiles(dir, relative) : [relative];
  });
}
