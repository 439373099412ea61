import type { DbClient } from "~/utils/db.server";
import { consume, countsAt, storedKey } from "./rate-limits.server";
import { estimate, windowsAt, type RateLimitDecision, type RateLimitPolicy } from "./sliding-window";

/**
 * Leases of a busy limit (the open API's, 600 a minute per network by default): a process counts
 * a share of what is left under the limit in PostgreSQL ahead of use, then lets that many
 * attempts through from memory. Counting each request was a statement on one hot row per
 * network, about half a millisecond of the database's CPU and a round trip for every search.
 *
 * The limit still holds across any number of processes, because what a lease counts is counted
 * before anything is let through, by the same atomic check-and-increment as `consume`; the cost
 * is the other way: attempts a process has leased but not used count against the network until
 * it gives them back (when the lease ends, after `lifetimeMs`, or at the end of its window). So
 * a lease is at most a quarter of what is left, and one attempt when little is left: near the
 * limit every attempt is counted singly, exactly as `consume` counts it, and a refusal is always
 * `consume`'s, with its Retry-After.
 */
export const LEASE = {
  /** A lease takes at most this fraction of the room left under the limit… */
  share: 4,
  /** …and at most this many attempts. */
  most: 100,
  /** Unused attempts go back after this long. */
  lifetimeMs: 1_000,
};
export type LeaseRules = typeof LEASE;

/** How many attempts to lease when `room` are left under the limit: none when none fit. */
export function leaseSize(room: number, rules: LeaseRules = LEASE): number {
  if (!(room >= 1)) return 0;
  return Math.max(1, Math.min(rules.most, Math.floor(room / rules.share)));
}

type Lease = { windowStart: number; left: number; endsAt: number; remaining: number };

export class LeasedRateLimit {
  private readonly leases = new Map<string, Lease>();
  /** One lease asked for at a time per key: concurrent requests wait for it instead of each leasing. */
  private readonly asking = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  /** Leases taken from the database (for tests and figures). */
  claims = 0;

  constructor(
    private readonly db: () => DbClient,
    private readonly policy: () => RateLimitPolicy,
    private readonly rules: LeaseRules = LEASE,
  ) {}

  /** Counts one attempt against `key`, from this process's lease when it has one. */
  async consume(key: string, now = new Date()): Promise<RateLimitDecision> {
    const policy = this.policy();
    const id = storedKey(policy, key);
    const windowStart = windowsAt(now, policy).currentStart.getTime();
    for (;;) {
      const lease = this.leases.get(id);
      if (lease && lease.windowStart === windowStart && lease.endsAt > now.getTime() && lease.left > 0) {
        lease.left--;
        lease.remaining = Math.max(0, lease.remaining - 1);
        return { allowed: true, remaining: lease.remaining };
      }
      const waiting = this.asking.get(id);
      if (waiting) {
        await waiting;
        continue;
      }
      let granted = 0;
      const asked = (async () => {
        if (lease) await this.giveBack(id, lease);
        granted = await this.lease(key, id, policy, now);
      })();
      this.asking.set(id, asked.then(() => {}, () => {}));
      try {
        await asked;
      } finally {
        this.asking.delete(id);
      }
      this.startTimer();
      // Nothing fits a lease: the exact rule decides, and says how long to wait.
      if (granted === 0) return consume(this.db(), key, policy, now);
    }
  }

  /** Gives back the unused attempts of every lease that has ended by `now`. */
  async release(now = new Date()): Promise<void> {
    const ended = [...this.leases].filter(([, lease]) => lease.endsAt <= now.getTime() || lease.windowStart !== windowsAt(now, this.policy()).currentStart.getTime());
    for (const [id, lease] of ended) if (!this.asking.has(id)) await this.giveBack(id, lease);
    if (this.leases.size === 0) this.stopTimer();
  }

  /**
   * Leases what `leaseSize` allows of the room as it stands, counted by `consume` (all or none,
   * checked on the locked row, so a lease another process took meanwhile can make this one
   * fail): the number leased, 0 for none.
   */
  private async lease(key: string, id: string, policy: RateLimitPolicy, now: Date): Promise<number> {
    const { currentStart, elapsedMs, windowMs } = windowsAt(now, policy);
    const size = leaseSize(policy.limit - estimate(await countsAt(this.db(), key, policy, now), elapsedMs, windowMs), this.rules);
    if (size === 0) return 0;
    this.claims++;
    const decision = await consume(this.db(), key, policy, now, size);
    if (!decision.allowed) return 0;
    // Leased attempts are counted already: what is left for this process includes them.
    this.leases.set(id, { windowStart: currentStart.getTime(), left: size, endsAt: now.getTime() + this.rules.lifetimeMs, remaining: decision.remaining + size });
    return size;
  }

  private async giveBack(id: string, lease: Lease) {
    if (this.leases.get(id) === lease) this.leases.delete(id);
    if (lease.left <= 0) return;
    const unused = lease.left;
    lease.left = 0;
    await this.db().$executeRaw`
      UPDATE rate_limit_counters SET count = GREATEST(count - ${unused}, 0)
      WHERE key = ${id} AND window_start = ${new Date(lease.windowStart)}`;
  }

  private startTimer() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.release().catch((error: unknown) => console.error(error)), this.rules.lifetimeMs);
    this.timer.unref();
  }

  private stopTimer() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
