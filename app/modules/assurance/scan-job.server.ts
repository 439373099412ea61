import { JOB_ASSURANCE_SCAN, registerScheduledJob } from "~/services/jobs/jobs.server";
import { runAssuranceScan, type AssuranceScanSummary } from "./scan.server";

/** One line for the job log and the command line. */
export function describeScan(summary: AssuranceScanSummary): string {
  return (
    `Assurance scan for ${summary.today}: ${summary.toExpiring} now expiring, ${summary.toLapsed} lapsed, ${summary.toAssured} assured again; ` +
    `${summary.expiryNotices} expiry and ${summary.lapseNotices} lapse notices; ${summary.suspendedListings} listings suspended; ` +
    `${summary.flaggedContracts} contracts flagged; ${summary.emailsQueued} emails and ${summary.searchSyncs} search updates queued ` +
    `(${summary.statements} SQL statements).`
  );
}

// Daily at 06:00 London time (jobs.server.ts), and on demand with `npm run jobs:assurance-scan`.
registerScheduledJob(JOB_ASSURANCE_SCAN, async ({ db, log }) => {
  log(describeScan(await runAssuranceScan(db)));
});
