/**
 * How many web processes serve requests, and when the primary replaces one that died.
 *
 * Node runs JavaScript on one thread: one process cannot use a second core for rendering pages
 * or answering searches, however busy it is. With WEB_CONCURRENCY above 1, server.ts forks that
 * many web processes sharing the port (node:cluster); the primary keeps the embedded database,
 * migrations, demo data and the job worker, and serves nothing itself. Every process's state that
 * matters is in PostgreSQL (sessions, rate-limit counters, the search index's version), so they
 * agree as separate instances behind a load balancer do.
 */

/** A web process that dies this often is failing at start-up, not by bad luck: stop replacing it. */
export const RESTART_LIMIT = { exits: 5, withinMs: 60_000 };

/**
 * Whether to fork a replacement for a web process that exited unexpectedly, given when the
 * recent unexpected exits happened (this one included).
 */
export function shouldReplaceWorker(exitTimesMs: readonly number[], nowMs: number, limit = RESTART_LIMIT): boolean {
  const recent = exitTimesMs.filter((t) => t <= nowMs && nowMs - t < limit.withinMs).length;
  return recent < limit.exits;
}

/** The number of web processes asked for: WEB_CONCURRENCY, where `auto` means one per core. */
export function webProcessCount(setting: number | "auto", cores: number): number {
  if (setting === "auto") return Math.max(1, cores);
  return setting;
}
