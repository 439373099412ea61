import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "../../seed/index";
import { useTestDatabase } from "~/test/database";
import { startAppServer, type AppServer } from "./app-server";

/**
 * server.ts with WEB_CONCURRENCY=2: the primary forks two web processes on one port, replaces
 * one that dies, and takes them all down with it on SIGTERM.
 */
const database = useTestDatabase();
let app: AppServer;

/**
 * The web processes: live children of `parent` running server.ts as it does (from /proc: field
 * 4 of stat is the parent's pid). tsx has a child of its own, esbuild, which is not one.
 */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const [, rest] = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ");
      const [state, ppid] = rest.split(" ");
      if (Number(ppid) !== parent || state === "Z") continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").some((arg) => arg.endsWith("server.ts"))) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children.sort((a, b) => a - b);
}

/** CPU time used so far, in clock ticks (stat fields 14 and 15). */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(what: string, probe: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: last ${JSON.stringify(value)}\n${app?.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const searchIds = async () => {
  const response = await fetch(`${app.baseUrl}/api/v1/solutions?q=prescribing`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { hits: { id: string }[] }).hits.map((h) => h.id);
};

beforeAll(async () => {
  await seedDatabase(database.db, { today: new Date(), log: () => {} });
  app = await startAppServer({ databaseUrl: database.url, env: { WEB_CONCURRENCY: "2" } });
  // /healthz answers as soon as one web process listens: wait for the second.
  await until("two web processes", () => childrenOf(app.pid), (pids) => pids.length === 2);
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

describe("several web processes (WEB_CONCURRENCY)", () => {
  it("serves pages and searches from both, with the same answers", { timeout: 90_000 }, async () => {
    const first = await searchIds();
    expect(first.length).toBeGreaterThan(0);
    const workers = childrenOf(app.pid);
    const before = workers.map(cpuTicks);
    // The primary hands connections to its web processes in turn; fresh connections each time,
    // so each renders pages: each one's CPU time grows.
    for (let i = 0; i < 20; i++) {
      expect(await searchIds()).toEqual(first);
      const page = await fetch(`${app.baseUrl}/solutions?q=prescribing`, { headers: { Connection: "close" } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("prescribing");
    }
    expect(app.output()).toContain("Serving with 2 web processes.");
    workers.forEach((pid, i) => expect(cpuTicks(pid), `web process ${pid}`).toBeGreaterThan(before[i]));
  });

  it("replaces a web process that dies, and keeps answering meanwhile", { timeout: 60_000 }, async () => {
    const before = childrenOf(app.pid);
    expect(before).toHaveLength(2);
    process.kill(before[0], "SIGKILL");
    const after = await until("a replacement web process", () => childrenOf(app.pid), (pids) => pids.length === 2 && !pids.includes(before[0]));
    expect(after).toContain(before[1]);
    await until("the replacement to answer", async () => (await fetch(`${app.baseUrl}/healthz`, { headers: { Connection: "close" } })).status, (status) => status === 200);
    expect((await searchIds()).length).toBeGreaterThan(0);
    expect(app.output()).toMatch(new RegExp(`Web process ${before[0]} exited \\(SIGKILL\\)`));
  });

  it("stops every web process on SIGTERM", { timeout: 30_000 }, async () => {
    const workers = childrenOf(app.pid);
    expect(workers).toHaveLength(2);
    const primary = app.pid;
    await app.stop();
    expect(alive(primary)).toBe(false);
    await until("the web processes to end", () => workers.filter(alive), (left) => left.length === 0, 10_000);
  });
});
