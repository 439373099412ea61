import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compressedResponses, precompressedAssets } from "./compression.server";

/** The middlewares as server.ts mounts them, in front of routes standing in for Remix's. */
let server: http.Server;
let base: string;
let assets: string;
// Real JavaScript, so that compression ratios are realistic.
const script = readFileSync(path.join(process.cwd(), "node_modules/compression/index.js"), "utf8");

beforeAll(async () => {
  assets = mkdtempSync(path.join(os.tmpdir(), "compression-test-"));
  mkdirSync(path.join(assets, "_shared"));
  writeFileSync(path.join(assets, "_shared", "chunk-ABC123.js"), script);
  writeFileSync(path.join(assets, "tiny.css"), "a{}");
  const app = express();
  app.use(compressedResponses());
  app.use("/build", precompressedAssets(assets));
  app.use("/build", express.static(assets, { immutable: true, maxAge: "1y" }));
  app.get("/page", (_req, res) => {
    res.setHeader("Content-Security-Policy", "script-src 'nonce-abc'");
    res.type("html").send(`<!doctype html><script nonce="abc"></script>${"<p>Buying Catalogue</p>".repeat(500)}`);
  });
  app.get("/api", (_req, res) => {
    res.setHeader("ETag", '"strong-etag"');
    res.json({ hits: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `Solution ${i}` })) });
  });
  // The same script through the on-the-fly compressor, to compare qualities.
  app.get("/page-script", (_req, res) => res.type("js").send(script));
  app.get("/small", (_req, res) => res.type("text").send("ok"));
  // Streams two chunks a moment apart, as React's renderToPipeableStream does through Remix (which flushes after each).
  app.get("/stream", (_req, res) => {
    res.type("html");
    res.write(`<html>${"first ".repeat(400)}`);
    (res as unknown as { flush?: () => void }).flush?.();
    setTimeout(() => res.end(`${"second ".repeat(400)}</html>`), 300);
  });
  server = app.listen(0);
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(assets, { recursive: true, force: true });
});

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; chunkTimes: number[] };

function get(url: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const request = http.request(`${base}${url}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      const chunkTimes: number[] = [];
      response.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        chunkTimes.push(Date.now() - started);
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), chunkTimes }));
    });
    request.on("error", reject);
    request.end();
  });
}

const decode = (raw: Raw) =>
  raw.headers["content-encoding"] === "br" ? zlib.brotliDecompressSync(raw.body) : raw.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(raw.body) : raw.body;

describe("compressed responses", () => {
  it("sends brotli when the browser accepts it, gzip otherwise, and nothing compressed to clients that ask for neither", async () => {
    const br = await get("/page", { "Accept-Encoding": "gzip, deflate, br" });
    const gz = await get("/page", { "Accept-Encoding": "gzip" });
    const plain = await get("/page");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(decode(br).toString()).toBe(plain.body.toString());
    expect(decode(gz).toString()).toBe(plain.body.toString());
    expect(br.body.length).toBeLessThan(plain.body.length / 10);
    // The nonce policy and the nonce in the page arrive untouched.
    expect(br.headers["content-security-policy"]).toBe("script-src 'nonce-abc'");
    expect(decode(br).toString()).toContain('<script nonce="abc">');
  });

  it("compresses JSON and weakens its strong ETag, which stands for the uncompressed bytes", async () => {
    const compressed = await get("/api", { "Accept-Encoding": "br" });
    expect(compressed.headers["content-encoding"]).toBe("br");
    expect(compressed.headers.etag).toBe('W/"strong-etag"');
    expect(JSON.parse(decode(compressed).toString()).hits).toHaveLength(200);
    expect((await get("/api")).headers.etag).toBe('"strong-etag"');
  });

  it("leaves responses under a kilobyte alone", async () => {
    const small = await get("/small", { "Accept-Encoding": "br, gzip" });
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.body.toString()).toBe("ok");
  });

  it("keeps streaming: the first chunk arrives before the response ends", async () => {
    const streamed = await get("/stream", { "Accept-Encoding": "br" });
    expect(streamed.headers["content-encoding"]).toBe("br");
    expect(streamed.chunkTimes[0]).toBeLessThan(250);
    expect(streamed.chunkTimes.at(-1)!).toBeGreaterThanOrEqual(290);
    expect(decode(streamed).toString()).toMatch(/^<html>first .*second <\/html>$/s);
  });
});

describe("precompressed build assets", () => {
  it("serves a hashed asset from memory at the best quality from its first request, immutable", async () => {
    const onTheFly = await get("/page-script", { "Accept-Encoding": "br" });
    const first = await get("/build/_shared/chunk-ABC123.js", { "Accept-Encoding": "br" });
    expect(first.headers["content-encoding"]).toBe("br");
    expect(decode(first).toString()).toBe(script);
    expect(first.headers["content-type"]).toMatch(/javascript/);
    expect(first.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(first.headers.vary).toMatch(/Accept-Encoding/i);
    // Whole, with its length, and smaller than brotli at the on-the-fly quality.
    expect(Number(first.headers["content-length"])).toBe(first.body.length);
    expect(onTheFly.headers["content-encoding"]).toBe("br");
    expect(first.body.length).toBeLessThan(onTheFly.body.length);

    const gz = await get("/build/_shared/chunk-ABC123.js", { "Accept-Encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(decode(gz).toString()).toBe(script);
    const head = await get("/build/_shared/chunk-ABC123.js", { "Accept-Encoding": "br" }, "HEAD");
    expect(head.body.length).toBe(0);
    expect(Number(head.headers["content-length"])).toBe(first.body.length);
    const plain = await get("/build/_shared/chunk-ABC123.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    const refused = await get("/build/_shared/chunk-ABC123.js", { "Accept-Encoding": "br;q=0, gzip;q=0" });
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(refused.body.toString()).toBe(script);
  });

  it("sends brotli to browsers that list gzip first, as Chromium does, and compresses even a tiny file the same way", async () => {
    const chromium = await get("/build/_shared/chunk-ABC123.js", { "Accept-Encoding": "gzip, deflate, br, zstd" });
    expect(chromium.headers["content-encoding"]).toBe("br");
    expect(decode(chromium).toString()).toBe(script);
    const gzipPreferred = await get("/build/_shared/chunk-ABC123.js", { "Accept-Encoding": "gzip;q=1, br;q=0.5" });
    expect(gzipPreferred.headers["content-encoding"]).toBe("br");
    const tiny = await get("/build/tiny.css", { "Accept-Encoding": "gzip, deflate, br" });
    expect(tiny.headers["content-encoding"]).toBe("br");
    expect(tiny.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(decode(tiny).toString()).toBe("a{}");
  });

  it("serves nothing outside its folder and leaves unknown paths to what follows", async () => {
    expect((await get("/build/..%2F..%2Fetc%2Fpasswd", { "Accept-Encoding": "br" })).status).toBe(404);
    expect((await get("/build/%E0%A4%A", { "Accept-Encoding": "br" })).status).toBeGreaterThanOrEqual(400);
    expect((await get("/build/missing.js", { "Accept-Encoding": "br" })).status).toBe(404);
    expect(decode(await get("/build/tiny.css", { "Accept-Encoding": "br" })).toString()).toBe("a{}");
  });
});
