/**
 * The daily assurance scan (DESIGN.md §2 "Assurance lapse", step 1): recomputes every
 * date-driven assurance status, sends each expiry notice (60, 30, 7 days) and each lapse
 * notice once, suspends listings whose remediation deadline has passed, flags the live
 * contracts of failed or suspended solutions, and tells search what changed.
 *
 * Set-based: a fixed number of SQL statements whatever the number of records (the benchmark
 * counts them), each mirroring a pure rule in assurance-status.ts (`computeAssuranceStatus`,
 * `dueNotice`, `remediationFailed`); the integration tests check the SQL against those rules.
 * Idempotent: statuses only move when they differ, `last_notice_days` and the outbox dedupe
 * keys stop a notice going twice, and a contract is flagged once per failure.
 */
import { Prisma } from "../../../generated/prisma/client";
import { formatNhsDate, fromDbDate, londonToday, type DateOnly } from "~/modules/dates";
import { lapsedOn } from "./assurance-status";
import { lapseNotice, expiryNotice, staffScanDigest, suspensionNotice } from "./notices";
import { flagLiveContracts, queueEmails, queueSearchSync, supplierRecipients, type QueuedEmail, type StatementCounter } from "./scan-sql.server";
import { siteUrl } from "~/modules/suppliers/notify.server";
import type { Db, DbClient } from "~/utils/db.server";

export type AssuranceScanSummary = {
  today: DateOnly;
  toExpiring: number;
  toLapsed: number;
  toAssured: number;
  expiryNotices: number;
  lapseNotices: number;
  suspendedListings: number;
  flaggedContracts: number;
  emailsQueued: number;
  searchSyncs: number;
  /** SQL statements the scan issued: constant, whatever the data size. */
  statements: number;
};

type StatusChange = {
  id: string;
  old_status: string;
  new_status: string;
  supplier_id: number;
  catalogue_item_id: string | null;
  expires_on: Date;
  standard_name: string;
  supplier_name: string;
  supplier_emails: string[];
  subject_name: string;
  solutions: string[] | null;
};

type DueNotice = {
  id: string;
  notice: number;
  days_left: number;
  supplier_id: number;
  catalogue_item_id: string | null;
  expires_on: Date;
  standard_name: string;
  supplier_name: string;
  supplier_emails: string[];
  subject_name: string;
};

type Suspension = { id: string; name: string; supplier_id: number; deadline: Date; standard_name: string | null };

/** Runs the scan for `today` (London) in one transaction. */
export async function runAssuranceScan(db: Db, { today = londonToday() }: { today?: DateOnly } = {}): Promise<AssuranceScanSummary> {
  return db.$transaction((tx) => scanInTransaction(tx, today), { timeout: 10 * 60_000, maxWait: 60_000 });
}

/** Each supplier whose listings the scan suspended is told which, why, and how many contracts were flagged: one email per supplier user. */
async function suspensionEmails(
  run: <T>(query: Prisma.Sql) => Promise<T>,
  suspended: Suspension[],
  flags: { solution_id: string }[],
  today: DateOnly,
): Promise<QueuedEmail[]> {
  const supplierIds = [...new Set(suspended.map((item) => item.supplier_id))];
  const suppliers = await run<{ supplier_id: number; name: string; emails: string[] }[]>(Prisma.sql`
    SELECT x.supplier_id, su.name, recipients.emails
    FROM unnest(${supplierIds}::int[]) AS x(supplier_id)
    JOIN suppliers su ON su.id = x.supplier_id
    ${supplierRecipients}`);
  const flaggedBySolution = new Map<string, number>();
  for (const flag of flags) flaggedBySolution.set(flag.solution_id, (flaggedBySolution.get(flag.solution_id) ?? 0) + 1);
  return suppliers.flatMap((supplier) => {
    const items = suspended.filter((item) => item.supplier_id === supplier.supplier_id);
    const standards = [...new Set(items.map((item) => item.standard_name).filter((name): name is string => name !== null))];
    const deadline = formatNhsDate(fromDbDate(items.reduce((a, b) => (a.deadline < b.deadline ? a : b)).deadline));
    return supplier.emails.map((to) => ({
      to,
      dedupeKey: `scan-suspended:${supplier.supplier_id}:${today}:${to}`,
      ...suspensionNotice({
        supplier: supplier.name,
        standard: standards.length > 0 ? standards.join(" and ") : "lapsed",
        reason: `The remediation deadline of ${deadline} passed without renewed assurance, so the daily assurance scan suspended them.`,
        solutions: items.map((item) => item.name),
        contracts: items.reduce((sum, item) => sum + (flaggedBySolution.get(item.id) ?? 0), 0),
        url: siteUrl("/supplier/assurance"),
      }),
    }));
  });
}

/**
 * The scan inside the caller's transaction: the seed runs it in its own, so demo data starts
 * consistent for its today (no listing published past a failed deadline).
 */
export async function scanInTransaction(tx: DbClient, today: DateOnly): Promise<AssuranceScanSummary> {
  const counter: StatementCounter = { count: 0 };
  const run = <T>(query: Prisma.Sql) => {
    counter.count++;
    return tx.$queryRaw<T>(query);
  };

  // Two scans at once (a manual run during the scheduled one) would race on the same rows.
  await run(Prisma.sql`SELECT pg_advisory_xact_lock(hashtext('assurance-scan'))::text AS locked`);

  // 1. Date-driven statuses, as computeAssuranceStatus: LAPSED the day after expiry, EXPIRING
  // inside the standard's warning window, else ASSURED. IN_REMEDIATION and WITHDRAWN are
  // decisions and are left alone. Moving back to ASSURED (expiry moved forward) resets notices.
  const changes = await run<StatusChange[]>(Prisma.sql`
    WITH computed AS (
      SELECT ar.id, ar.status AS old_status,
        (CASE WHEN ar.expires_on < ${today}::date THEN 'LAPSED'
              WHEN ar.expires_on - ${today}::date <= s.warning_window_days THEN 'EXPIRING'
              ELSE 'ASSURED' END)::"AssuranceStatus" AS new_status
      FROM assurance_records ar JOIN standards s ON s.id = ar.standard_id
      WHERE ar.status IN ('ASSURED', 'EXPIRING', 'LAPSED') AND ar.expires_on IS NOT NULL
    ), changed AS (
      UPDATE assurance_records ar
      SET status = c.new_status,
          lapsed_at = CASE WHEN c.new_status = 'LAPSED' THEN now() ELSE NULL END,
          last_notice_days = CASE WHEN c.new_status = 'ASSURED' THEN NULL ELSE ar.last_notice_days END,
          version = ar.version + 1,
          updated_at = now()
      FROM computed c
      WHERE ar.id = c.id AND c.new_status <> c.old_status
      RETURNING ar.id, c.old_status, c.new_status, ar.supplier_id, ar.catalogue_item_id, ar.standard_id, ar.expires_on
    ), audited AS (
      INSERT INTO audit_events (action, object_type, object_id, before, after)
      SELECT 'assurance.' || lower(new_status::text), 'AssuranceRecord', id,
             jsonb_build_object('status', old_status), jsonb_build_object('status', new_status, 'expiresOn', expires_on)
      FROM changed
    )
    SELECT x.id, x.old_status::text, x.new_status::text, x.supplier_id, x.catalogue_item_id, x.expires_on,
           st.name AS standard_name, su.name AS supplier_name, recipients.emails AS supplier_emails,
           COALESCE(ci.name, su.name) AS subject_name,
           CASE WHEN x.new_status = 'LAPSED' THEN (
             SELECT array_agg(sol.name ORDER BY sol.name) FROM catalogue_items sol
             WHERE sol.kind = 'SOLUTION' AND sol.supplier_id = x.supplier_id
               AND sol.publication_status IN ('PUBLISHED', 'IN_REMEDIATION')
               AND (x.catalogue_item_id IS NULL OR sol.id = x.catalogue_item_id)
           ) END AS solutions
    FROM changed x
    JOIN standards st ON st.id = x.standard_id
    JOIN suppliers su ON su.id = x.supplier_id
    LEFT JOIN catalogue_items ci ON ci.id = x.catalogue_item_id
    ${supplierRecipients}`);

  // 2. Expiry notices, as dueNotice: the most urgent of 60/30/7 that applies, unless that one
  // (or a more urgent one) was already sent for this expiry. Only records now EXPIRING, i.e.
  // inside their standard's warning window.
  const notices = await run<DueNotice[]>(Prisma.sql`
    WITH due AS (
      SELECT ar.id, (ar.expires_on - ${today}::date) AS days_left,
        CASE WHEN ar.expires_on - ${today}::date <= 7 THEN 7
             WHEN ar.expires_on - ${today}::date <= 30 THEN 30
             ELSE 60 END AS notice
      FROM assurance_records ar
      WHERE ar.status = 'EXPIRING' AND ar.expires_on >= ${today}::date AND ar.expires_on - ${today}::date <= 60
    ), sent AS (
      UPDATE assurance_records ar SET last_notice_days = due.notice, updated_at = now()
      FROM due
      WHERE ar.id = due.id AND (ar.last_notice_days IS NULL OR ar.last_notice_days > due.notice)
      RETURNING ar.id, due.notice, due.days_left, ar.supplier_id, ar.catalogue_item_id, ar.standard_id, ar.expires_on
    ), audited AS (
      INSERT INTO audit_events (action, object_type, object_id, after)
      SELECT 'assurance.expiryNotice', 'AssuranceRecord', id, jsonb_build_object('lastNoticeDays', notice) FROM sent
    )
    SELECT x.id, x.notice, x.days_left, x.supplier_id, x.catalogue_item_id, x.expires_on,
           st.name AS standard_name, su.name AS supplier_name, recipients.emails AS supplier_emails,
           COALESCE(ci.name, su.name) AS subject_name
    FROM sent x
    JOIN standards st ON st.id = x.standard_id
    JOIN suppliers su ON su.id = x.supplier_id
    LEFT JOIN catalogue_items ci ON ci.id = x.catalogue_item_id
    ${supplierRecipients}`);

  // 3. Remediation failed (remediationFailed: the deadline day has passed): every listing the
  // failure covers is suspended — all the supplier's solutions for a supplier-level record (a
  // DSPT or DCB0129 covers them all), the one solution for its own — and so is any listing whose
  // own remediation deadline passed. A Published listing covered by a failure goes through
  // remediation to suspension in one step (publication-status.ts: suspension only through
  // remediation), and keeps the failed deadline so its contracts are flagged once for it.
  const suspended = await run<Suspension[]>(Prisma.sql`
    WITH causes AS (
      SELECT ci.id, ci.publication_status AS old_status, ar.remediation_deadline AS deadline, st.name AS standard_name
      FROM assurance_records ar
      JOIN standards st ON st.id = ar.standard_id
      JOIN catalogue_items ci ON ci.supplier_id = ar.supplier_id AND ci.kind = 'SOLUTION'
        AND (ar.catalogue_item_id IS NULL OR ci.id = ar.catalogue_item_id)
      WHERE ar.status = 'IN_REMEDIATION' AND ar.remediation_deadline < ${today}::date
        AND ci.publication_status IN ('PUBLISHED', 'IN_REMEDIATION')
      UNION ALL
      SELECT ci.id, ci.publication_status, ci.remediation_deadline, NULL
      FROM catalogue_items ci
      WHERE ci.publication_status = 'IN_REMEDIATION' AND ci.remediation_deadline < ${today}::date
    ), chosen AS (
      SELECT DISTINCT ON (id) * FROM causes ORDER BY id, deadline, standard_name NULLS LAST
    ), suspended AS (
      UPDATE catalogue_items ci
      SET publication_status = 'SUSPENDED', remediation_deadline = COALESCE(ci.remediation_deadline, chosen.deadline),
          version = ci.version + 1, updated_at = now()
      FROM chosen
      WHERE ci.id = chosen.id
      RETURNING ci.id, ci.name, ci.supplier_id, chosen.old_status, chosen.deadline, chosen.standard_name
    ), audited AS (
      INSERT INTO audit_events (action, object_type, object_id, before, after)
      SELECT 'listing.suspend', 'CatalogueItem', id, jsonb_build_object('publicationStatus', old_status),
             jsonb_build_object('publicationStatus', 'SUSPENDED', 'reason',
               'Remediation deadline ' || deadline || ' passed' || COALESCE(' for ' || standard_name, ''))
      FROM suspended
    )
    SELECT id, name, supplier_id, deadline, standard_name FROM suspended ORDER BY supplier_id, name`);

  // 4. Every live contract of a failed or suspended solution is flagged (one statement).
  const flagged = await flagLiveContracts(tx, counter, { today, solutionIds: null });

  // 5. Who to tell. Staff get one digest a day when something lapsed, was suspended or flagged.
  const lapsed = changes.filter((change) => change.new_status === "LAPSED");
  // The digest is a summary: staff who chose not to get summaries (Your account) are left out.
  const staffUsers = await run<{ id: string; email: string }[]>(Prisma.sql`SELECT id, email FROM users WHERE role = 'AUTHORITY' AND is_active AND NOT summaries_off`);
  const staff = lapsed.length + suspended.length + flagged.emails.length > 0 ? staffUsers : [];

  const emails: QueuedEmail[] = [...flagged.emails, ...(await suspensionEmails(run, suspended, flagged.flags, today))];
  const renewUrl = siteUrl("/supplier/assurance");
  for (const notice of notices) {
    const expiresOn = fromDbDate(notice.expires_on);
    for (const to of notice.supplier_emails) emails.push({
      to,
      dedupeKey: `assurance-expiry:${notice.id}:${expiresOn}:${notice.notice}:${to}`,
      ...expiryNotice({
        supplier: notice.supplier_name,
        standard: notice.standard_name,
        subject: notice.subject_name,
        expiresOn: formatNhsDate(expiresOn),
        daysLeft: notice.days_left,
        url: renewUrl,
      }),
    });
  }
  for (const change of lapsed) {
    const expiresOn = fromDbDate(change.expires_on);
    for (const to of change.supplier_emails) emails.push({
      to,
      dedupeKey: `assurance-lapsed:${change.id}:${expiresOn}:${to}`,
      ...lapseNotice({
        supplier: change.supplier_name,
        standard: change.standard_name,
        subject: change.subject_name,
        lapsedOn: formatNhsDate(lapsedOn(expiresOn)),
        solutions: change.solutions ?? [],
        url: renewUrl,
      }),
    });
  }
  const digestLapses = lapsed.map((change) => `${change.supplier_name}: ${change.standard_name}${change.catalogue_item_id ? ` (${change.subject_name})` : ""}`);
  for (const person of staff) {
    emails.push({
      to: person.email,
      dedupeKey: `assurance-scan-digest:${today}:${person.id}`,
      ...staffScanDigest({
        date: formatNhsDate(today),
        lapsed: digestLapses.slice(0, 50),
        suspended: suspended.map((item) => item.name),
        flagged: flagged.emails.length,
        url: siteUrl("/admin/lapses"),
      }),
    });
  }
  const emailsQueued = await queueEmails(tx, counter, emails);

  // 6. Search shows assurance badges and publication status: refresh what changed.
  const searchSyncs = await queueSearchSync(tx, counter, {
    itemIds: [
      ...changes.flatMap((change) => (change.catalogue_item_id ? [change.catalogue_item_id] : [])),
      ...suspended.map((item) => item.id),
    ],
    supplierIds: changes.filter((change) => change.catalogue_item_id === null).map((change) => change.supplier_id),
  });

  const count = (status: string) => changes.filter((change) => change.new_status === status).length;
  return {
    today,
    toExpiring: count("EXPIRING"),
    toLapsed: count("LAPSED"),
    toAssured: count("ASSURED"),
    expiryNotices: notices.length,
    lapseNotices: lapsed.length,
    suspendedListings: suspended.length,
    flaggedContracts: flagged.flags.length,
    emailsQueued,
    searchSyncs,
    statements: counter.count,
  };
}
