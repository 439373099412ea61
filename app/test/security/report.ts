import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { root } from "../app-server";

/**
 * Counts what a hostile-request test file sent and how each was answered, and keeps every
 * 5xx with what caused it. Each file writes its tally to .cache/hostile-requests/<file>.json
 * (the README quotes the totals) and fails if any request got a 5xx.
 */
export class HostileTally {
  sent = 0;
  byStatus: Record<string, number> = {};
  serverErrors: string[] = [];
  /** Requests whose connection the server closed before the body was sent (refused unread). */
  closedEarly = 0;

  constructor(readonly name: string) {}

  async record(label: string, response: Response): Promise<string> {
    this.sent++;
    this.byStatus[response.status] = (this.byStatus[response.status] ?? 0) + 1;
    const body = await response.text();
    if (response.status >= 500) this.serverErrors.push(`${label} → ${response.status}: ${body.slice(0, 300)}`);
    return body;
  }

  write() {
    const dir = path.join(root, ".cache/hostile-requests");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${this.name}.json`), JSON.stringify({ sent: this.sent + this.closedEarly, byStatus: { ...this.byStatus, ...(this.closedEarly ? { closedBeforeReading: this.closedEarly } : {}) }, serverErrors: this.serverErrors }, null, 2));
  }
}

