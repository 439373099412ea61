import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { e2e } from "./support/e2e-env";
import { expect, test } from "./support/fixtures";

/**
 * What pages weigh and how they travel (issue 15): compressed in a real browser behind the
 * nonce CSP, hashed assets cached for good, no server-only code (zod schemas included) in any
 * browser bundle, and the catalogue page within 120 KB of gzipped JavaScript.
 */

const CATALOGUE_PAGE_JS_BUDGET = 120 * 1024;

/** Bytes as sent for one encoding (the browser and Playwright's request both decompress). */
function sentBytes(url: string, encoding: string): Promise<{ bytes: number; encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "Accept-Encoding": encoding } }, (response) => {
        let bytes = 0;
        response.on("data", (chunk: Buffer) => (bytes += chunk.length));
        response.on("end", () => resolve({ bytes, encoding: response.headers["content-encoding"] }));
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

test("no browser bundle carries zod or a server module", async () => {
  // Written by `remix build`: every browser output file and the source files in it.
  const metafile = JSON.parse(readFileSync(path.join(process.cwd(), "build", "metafile.js.json"), "utf8")) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const leaks = Object.entries(metafile.outputs).flatMap(([output, { inputs }]) =>
    Object.keys(inputs)
      .filter((input) => input.includes("node_modules/zod/") || (/\.server\.(ts|tsx|js)$/.test(input) && !input.startsWith("empty-module:")))
      .map((input) => `${output}: ${input}`),
  );
  expect(leaks).toEqual([]);
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * The values browser code reads from a `.server` module. Remix gives the browser an empty
 * module in its place, so such a value is undefined there: a page rendered "At least 12
 * characters" on the server and "At least undefined characters" once hydrated. In esbuild's
 * output an empty module is a chunk of its own (`e.exports={}`), imported and wrapped
 * (`w=o(F(),1)`); loaders and actions are gone from browser bundles, so any `w.NAME` left is
 * read by the page itself.
 */
function valuesReadFromServerModules(buildDir: string): string[] {
  const files = (readdirSync(buildDir, { recursive: true }) as string[]).filter((f) => f.endsWith(".js")).map((f) => path.join(buildDir, f));
  const emptyModules = new Map<string, string>();
  for (const file of files) {
    const empty = /^import\{\w+ as (\w+)\}from"[^"]+";var ([\w$]+)=\1\(\(([\w$]+),([\w$]+)\)=>\{\4\.exports=\{\}\}\);export\{\2 as ([\w$]+)\};?\s*$/.exec(readFileSync(file, "utf8"));
    if (empty) emptyModules.set(`/build/${path.relative(buildDir, file).split(path.sep).join("/")}`, empty[5]);
  }
  expect(emptyModules.size, "the build has the empty modules Remix puts in place of .server ones").toBeGreaterThan(0);
  return files.flatMap((file) => {
    const text = readFileSync(file, "utf8");
    return [...emptyModules].flatMap(([chunk, exported]) => {
      const names = new RegExp(`import\\{([^}]*)\\}from"${escapeRegExp(chunk)}"`).exec(text)?.[1];
      const local = names && new RegExp(`(?:^|,)${escapeRegExp(exported)} as ([\\w$]+)`).exec(names)?.[1];
      if (!local) return [];
      return [...text.matchAll(new RegExp(`([\\w$]+)=[\\w$]+\\(${escapeRegExp(local)}\\(\\),1\\)`, "g"))].flatMap(([, wrapped]) =>
        [...text.matchAll(new RegExp(`(?<![\\w$.])${escapeRegExp(wrapped)}\\.([\\w$]+)`, "g"))].map(([, name]) => `${path.basename(file)} reads ${name}`),
      );
    });
  });
}

test("no page reads a value from a server module (the browser has an empty module there)", async () => {
  expect(valuesReadFromServerModules(path.join(process.cwd(), "public", "build"))).toEqual([]);
});

test("the catalogue page arrives compressed, with its hashed assets cached for good and within the JavaScript budget", async ({ page }, testInfo) => {
  const responses: { url: string; encoding: string | undefined; cacheControl: string | undefined; type: string }[] = [];
  page.on("response", (response) => {
    const headers = response.headers();
    responses.push({ url: response.url(), encoding: headers["content-encoding"], cacheControl: headers["cache-control"], type: response.request().resourceType() });
  });
  await page.goto("/solutions?q=prescibing");
  await expect(page.getByRole("status")).toHaveText(/\d+ solutions found/);
  await expect(page.locator("mark").first()).toBeVisible();

  const html = responses.find((r) => r.type === "document")!;
  expect(html.encoding).toBe("br");
  const stylesheets = responses.filter((r) => r.type === "stylesheet");
  expect(stylesheets.length).toBeGreaterThan(0);
  for (const css of stylesheets) expect(css, css.url).toMatchObject({ encoding: "br", cacheControl: "public, max-age=31536000, immutable" });

  if (testInfo.project.use.javaScriptEnabled !== false) {
    const scripts = responses.filter((r) => r.type === "script" && r.url.includes("/build/"));
    expect(scripts.length).toBeGreaterThan(3);
    for (const script of scripts) expect(script, script.url).toMatchObject({ encoding: "br", cacheControl: "public, max-age=31536000, immutable" });
    // The compressed scripts ran under the nonce policy: Remix hydrated the page.
    await page.waitForFunction(() => "__remixRouter" in window);
  }

  // Every script the page names, as gzip (the budget's measure; brotli is smaller still).
  const text = await (await page.request.get("/solutions")).text();
  const scripts = [...new Set([...text.matchAll(/\/build\/[^"'\s)]+\.js/g)].map((m) => m[0]))];
  const sizes = await Promise.all(scripts.map((script) => sentBytes(`${e2e.baseURL}${script}`, "gzip")));
  expect(sizes.every((s) => s.encoding === "gzip")).toBe(true);
  const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
  expect(total, `${scripts.length} scripts, ${total} bytes gzipped`).toBeLessThanOrEqual(CATALOGUE_PAGE_JS_BUDGET);
});
