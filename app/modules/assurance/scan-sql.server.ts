/**
 * Set-based building blocks shared by the daily scan and the staff actions that suspend a
 * solution: flag every live contract of failed or suspended solutions, queue many emails and
 * search updates, each in one statement. Each call issues exactly one SQL statement and
 * counts it, so the scan's statement count stays constant whatever the data size.
 */
import { z } from "zod";
import { Prisma } from "../../../generated/prisma/client";
import type { DateOnly } from "~/modules/dates";
import { callOffId } from "~/modules/orders/orders.server";
import type { DbClient } from "~/utils/db.server";
import { siteUrl } from "~/modules/suppliers/notify.server";
// The topic and payload the search.sync handler reads (enqueueSearchSync writes them one at a time).
import { SEARCH_SYNC_TOPIC } from "~/services/search/sync.server";
import { contractFlaggedNotice } from "./notices";

export type StatementCounter = { count: number };
export type QueuedEmail = { to: string; subject: string; text: string; html: string; dedupeKey: string };

export type FlaggedContract = {
  flag_id: string;
  contract_id: string;
  reason: "ASSURANCE_LAPSED_REMEDIATION_FAILED" | "SOLUTION_SUSPENDED";
  solution_id: string;
  solution_name: string;
  supplier_name: string;
  standard_name: string | null;
  organisation_name: string;
  call_off_number: number;
  revision: number;
  buyer_email: string | null;
};

/**
 * Flags every live (ACTIVE or EXPIRING, not past its end) contract of a solution whose
 * remediation failed (its own or its supplier's assurance record is IN_REMEDIATION with the
 * deadline passed) or that is SUSPENDED, and moves the contract to FLAGGED_FOR_TERMINATION.
 * A failure flags a contract once: a flag raised on or after the failure's deadline (even one
 * staff have since cleared with a reason) covers it. The partial unique index allows one OPEN
 * flag per contract. `solutionIds` narrows it to some solutions (a staff suspension); null = all.
 * `recordId`: the lapse a staff suspension answers, kept on its flags so staff can find them by lapse.
 */
export async function flagLiveContracts(
  tx: DbClient,
  counter: StatementCounter,
  {
    today,
    solutionIds,
    actor = null,
    recordId = null,
  }: { today: DateOnly; solutionIds: string[] | null; actor?: { userId: string; role: string; organisationId: string } | null; recordId?: string | null },
): Promise<{ flags: FlaggedContract[]; emails: QueuedEmail[] }> {
  counter.count++;
  const flags = await tx.$queryRaw<FlaggedContract[]>(Prisma.sql`
    WITH causes AS (
      SELECT c.id AS contract_id, c.status AS old_status, 1 AS priority,
             'ASSURANCE_LAPSED_REMEDIATION_FAILED'::"TerminationReason" AS reason, ar.id AS record_id, ar.remediation_deadline AS since
      FROM assurance_records ar
      JOIN contracts c ON c.supplier_id = ar.supplier_id AND (ar.catalogue_item_id IS NULL OR c.solution_id = ar.catalogue_item_id)
      WHERE ar.status = 'IN_REMEDIATION' AND ar.remediation_deadline < ${today}::date
        AND c.status IN ('ACTIVE', 'EXPIRING') AND c.end_date >= ${today}::date
        AND (${solutionIds}::text[] IS NULL OR c.solution_id = ANY(${solutionIds}::text[]))
      UNION ALL
      SELECT c.id, c.status, 2, 'SOLUTION_SUSPENDED'::"TerminationReason", ${recordId}::text, ci.remediation_deadline
      FROM catalogue_items ci
      JOIN contracts c ON c.solution_id = ci.id
      WHERE ci.publication_status = 'SUSPENDED'
        AND c.status IN ('ACTIVE', 'EXPIRING') AND c.end_date >= ${today}::date
        AND (${solutionIds}::text[] IS NULL OR c.solution_id = ANY(${solutionIds}::text[]))
    ), chosen AS (
      SELECT DISTINCT ON (contract_id) * FROM causes cause
      WHERE NOT EXISTS (
        SELECT 1 FROM termination_flags f
        WHERE f.contract_id = cause.contract_id
          AND (cause.since IS NULL OR (f.raised_at AT TIME ZONE 'Europe/London')::date >= cause.since)
      )
      ORDER BY contract_id, priority
    ), flags AS (
      INSERT INTO termination_flags (id, contract_id, reason, assurance_record_id, status)
      SELECT 'flag' || replace(gen_random_uuid()::text, '-', ''), contract_id, reason, record_id, 'OPEN' FROM chosen
      ON CONFLICT (contract_id) WHERE status = 'OPEN' DO NOTHING
      RETURNING id, contract_id, reason, assurance_record_id
    ), flagged AS (
      UPDATE contracts c SET status = 'FLAGGED_FOR_TERMINATION', version = c.version + 1, updated_at = now()
      FROM flags WHERE c.id = flags.contract_id
      RETURNING c.id
    ), audited AS (
      INSERT INTO audit_events (actor_user_id, actor_role, organisation_id, action, object_type, object_id, before, after)
      SELECT ${actor?.userId ?? null}, ${actor?.role ?? null}::"UserRole", ${actor?.organisationId ?? null},
             'contract.flag', 'Contract', flags.contract_id,
             jsonb_build_object('status', chosen.old_status),
             jsonb_build_object('status', 'FLAGGED_FOR_TERMINATION', 'flagId', flags.id, 'reason', flags.reason, 'assuranceRecordId', flags.assurance_record_id)
      FROM flags JOIN chosen ON chosen.contract_id = flags.contract_id
    )
    SELECT flags.id AS flag_id, flags.contract_id, flags.reason::text AS reason, c.solution_id, ci.name AS solution_name,
           su.name AS supplier_name, st.name AS standard_name, org.name AS organisation_name, c.call_off_number, o.revision,
           COALESCE(o.ordering_party_contact_email, u.email) AS buyer_email
    FROM flags
    JOIN contracts c ON c.id = flags.contract_id
    JOIN catalogue_items ci ON ci.id = c.solution_id
    JOIN suppliers su ON su.id = c.supplier_id
    JOIN organisations org ON org.id = c.organisation_id
    JOIN orders o ON o.id = c.order_id
    JOIN users u ON u.id = o.created_by_id
    LEFT JOIN assurance_records ar ON ar.id = flags.assurance_record_id
    LEFT JOIN standards st ON st.id = ar.standard_id
    ORDER BY c.call_off_number`);

  const emails = flags.flatMap((flag): QueuedEmail[] =>
    flag.buyer_email
      ? [
          {
            to: flag.buyer_email,
            dedupeKey: `contract-flagged:${flag.flag_id}`,
            ...contractFlaggedNotice({
              organisation: flag.organisation_name,
              callOffId: callOffId({ callOffNumber: flag.call_off_number, revision: flag.revision }),
              solution: flag.solution_name,
              supplier: flag.supplier_name,
              reason: flagReasonText(flag.reason, flag.standard_name),
              url: siteUrl(`/buyer/contracts/${flag.contract_id}/alternatives`),
            }),
          },
        ]
      : [],
  );
  return { flags, emails };
}

export function flagReasonText(reason: FlaggedContract["reason"], standardName: string | null): string {
  return reason === "ASSURANCE_LAPSED_REMEDIATION_FAILED"
    ? `the supplier's ${standardName ?? "required"} assurance lapsed and was not renewed by the agreed remediation deadline.`
    : `the solution has been suspended from the Buying Catalogue because its ${standardName ? `${standardName} ` : ""}assurance is not in place.`;
}

const emailAddress = z.email();

/**
 * Who hears about a supplier's assurance, as supplierEmailAddresses (suppliers/notify.server)
 * in SQL: its active users, or its primary contact when nobody has an account yet. Joins
 * onto a row source aliased x with a supplier_id column, giving recipients.emails.
 */
export const supplierRecipients = Prisma.sql`
  LEFT JOIN LATERAL (
    SELECT COALESCE(
      (SELECT array_agg(u.email ORDER BY u.email) FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE o.supplier_id = x.supplier_id AND u.is_active AND u.role IN ('SUPPLIER', 'SUPPLIER_ACCOUNT_MANAGER')),
      (SELECT ARRAY[sc.email] FROM supplier_contacts sc WHERE sc.supplier_id = x.supplier_id
        ORDER BY sc.is_primary DESC, sc.created_at LIMIT 1),
      ARRAY[]::text[]
    ) AS emails
  ) recipients ON true`;

/**
 * Queues many emails in one statement, as queueEmail does one: an outbox message per email
 * (skipped when its dedupe key was used before) and the rendered Email row it delivers.
 * Returns how many were queued.
 */
export async function queueEmails(tx: DbClient, counter: StatementCounter, emails: QueuedEmail[]): Promise<number> {
  const unique = [...new Map(emails.filter((email) => emailAddress.safeParse(email.to.trim()).success).map((email) => [email.dedupeKey, email])).values()];
  counter.count++;
  const [row] = await tx.$queryRaw<{ count: number }[]>(Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${unique.map((e) => e.dedupeKey)}::text[], ${unique.map((e) => e.to.trim())}::text[],
        ${unique.map((e) => e.subject.replace(/\s+/g, " ").trim())}::text[], ${unique.map((e) => e.text)}::text[], ${unique.map((e) => e.html)}::text[]
      ) AS e(dedupe_key, recipient, subject, text_body, html_body)
    ), outbox AS (
      INSERT INTO outbox_messages (topic, payload, dedupe_key)
      SELECT 'email.send', '{}'::jsonb, dedupe_key FROM input
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id, dedupe_key
    ), inserted AS (
      INSERT INTO emails (id, "to", subject, text_body, html_body, outbox_message_id)
      SELECT 'em' || replace(gen_random_uuid()::text, '-', ''), input.recipient, input.subject, input.text_body, input.html_body, outbox.id
      FROM outbox JOIN input ON input.dedupe_key = outbox.dedupe_key
      RETURNING id
    )
    SELECT count(*)::int AS count FROM inserted`);
  return row?.count ?? 0;
}

/**
 * Queues a search update for each listed item, and for every visible item of each listed
 * supplier (a supplier-level assurance shows on all its listings). One statement: the
 * set-based form of enqueueSearchSync (same topic and payload, no dedupe key), so a scan
 * that changes thousands of records still issues a constant number of statements.
 */
export async function queueSearchSync(
  tx: DbClient,
  counter: StatementCounter,
  { itemIds, supplierIds }: { itemIds: string[]; supplierIds: number[] },
): Promise<number> {
  counter.count++;
  const [row] = await tx.$queryRaw<{ count: number }[]>(Prisma.sql`
    WITH inserted AS (
      INSERT INTO outbox_messages (topic, payload)
      SELECT ${SEARCH_SYNC_TOPIC}, jsonb_build_object('catalogueItemId', ci.id)
      FROM catalogue_items ci
      WHERE ci.id = ANY(${[...new Set(itemIds)]}::text[])
         OR (ci.supplier_id = ANY(${[...new Set(supplierIds)]}::int[]) AND ci.publication_status IN ('PUBLISHED', 'IN_REMEDIATION', 'SUSPENDED'))
      RETURNING id
    )
    SELECT count(*)::int AS count FROM inserted`);
  return row?.count ?? 0;
}
