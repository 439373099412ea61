import { recordAudit } from "~/modules/audit/audit.server";
import { addDays, formatNhsDate, fromDbDate, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import { appUrl, contractExpiryReminder } from "~/modules/orders/emails.server";
import { queueEmail } from "~/services/email/index.server";
import { JOB_CONTRACT_REMINDERS, registerScheduledJob } from "~/services/jobs/jobs.server";
import type { Db } from "~/utils/db.server";
import { STANDARD_REMINDER_DAYS, dueReminder } from "./contract-status";

/**
 * The daily contract job: statuses follow the dates (ACTIVE → EXPIRING → EXPIRED), and each
 * expiry reminder (90 and 45 days before the end; 30 and 14 for contracts under 3 months) is
 * queued once per contract. "Once" is the contract's remindersSent array, appended with a
 * conditional UPDATE, plus the email's dedupe key: a job that runs twice, or two workers
 * running it at once, send nothing twice.
 */

export type ContractReminderSummary = { today: DateOnly; statusesChanged: number; remindersQueued: number };

/**
 * One statement for every live contract, the same rules as `computeContractStatus` (its test
 * holds the two together): past the end date → EXPIRED; flagged stays flagged; inside the
 * reminder window (30 days when the contract is shorter than 3 months, else 90) → EXPIRING;
 * otherwise ACTIVE. Each change is audited by the same statement.
 */
export async function updateContractStatuses(db: Db, today: DateOnly): Promise<number> {
  return db.$executeRaw`
    WITH computed AS (
      SELECT id, status AS old_status,
        CASE
          WHEN end_date < ${today}::date THEN 'EXPIRED'
          WHEN status = 'FLAGGED_FOR_TERMINATION' THEN 'FLAGGED_FOR_TERMINATION'
          WHEN end_date - ${today}::date <= CASE WHEN end_date < (start_date + interval '3 months' - interval '1 day')::date THEN 30 ELSE 90 END THEN 'EXPIRING'
          ELSE 'ACTIVE'
        END::"ContractStatus" AS new_status
      FROM contracts
      WHERE status IN ('ACTIVE', 'EXPIRING', 'FLAGGED_FOR_TERMINATION')
    ),
    changed AS (
      UPDATE contracts AS c
      SET status = computed.new_status, version = c.version + 1, updated_at = now()
      FROM computed
      WHERE c.id = computed.id AND computed.new_status <> computed.old_status
      RETURNING c.id, computed.old_status, computed.new_status
    )
    INSERT INTO audit_events (action, object_type, object_id, before, after)
    SELECT 'contract.status', 'Contract', id, jsonb_build_object('status', old_status), jsonb_build_object('status', new_status, 'on', ${today}::text)
    FROM changed`;
}

export async function queueContractReminders(db: Db, today: DateOnly): Promise<number> {
  const [longestWindow] = STANDARD_REMINDER_DAYS;
  const candidates = await db.contract.findMany({
    where: {
      status: { in: ["ACTIVE", "EXPIRING", "FLAGGED_FOR_TERMINATION"] },
      endDate: { gte: toDbDate(today), lte: toDbDate(addDays(today, longestWindow)) },
    },
    select: { id: true, startDate: true, endDate: true, remindersSent: true },
  });
  let queued = 0;
  for (const candidate of candidates) {
    const days = dueReminder(fromDbDate(candidate.endDate), fromDbDate(candidate.startDate), today, candidate.remindersSent);
    if (days === null) continue;
    const sent = await db.$transaction(async (tx) => {
      const claimed = await tx.$executeRaw`
        UPDATE contracts SET reminders_sent = array_append(reminders_sent, ${days}::int), updated_at = now()
        WHERE id = ${candidate.id} AND NOT (${days}::int = ANY (reminders_sent))`;
      if (claimed === 0) return false;
      const contract = await tx.contract.findUniqueOrThrow({
        where: { id: candidate.id },
        include: { solution: { select: { name: true } }, supplier: { select: { name: true } }, order: { select: { orderingPartyContactEmail: true, createdBy: { select: { email: true } } } } },
      });
      const to = contract.order.orderingPartyContactEmail ?? contract.order.createdBy.email;
      // A reminder is the one email here a person may turn off (Your account); it is still
      // counted as handled, so it is not offered again tomorrow.
      if (await tx.user.findFirst({ where: { email: to.toLowerCase(), expiryRemindersOff: true }, select: { id: true } })) {
        await recordAudit(tx, { actor: null, action: "contract.remind", objectType: "Contract", objectId: contract.id, after: { daysBeforeEnd: days, sent: false, reason: "reminders turned off" } });
        return false;
      }
      const email = await queueEmail(tx, {
        to,
        ...contractExpiryReminder({
          callOffId: `C${String(contract.callOffNumber).padStart(6, "0")}`,
          solution: contract.solution.name,
          supplier: contract.supplier.name,
          endDate: formatNhsDate(fromDbDate(contract.endDate)),
          days,
          url: appUrl(`/buyer/contracts/${contract.id}`),
        }),
        dedupeKey: `contract-reminder:${contract.id}:${days}`,
      });
      await recordAudit(tx, { actor: null, action: "contract.remind", objectType: "Contract", objectId: contract.id, after: { daysBeforeEnd: days } });
      return email !== null;
    });
    if (sent) queued++;
  }
  return queued;
}

export async function runContractReminders(db: Db, { today = londonToday() }: { today?: DateOnly } = {}): Promise<ContractReminderSummary> {
  const statusesChanged = await updateContractStatuses(db, today);
  const remindersQueued = await queueContractReminders(db, today);
  return { today, statusesChanged, remindersQueued };
}

registerScheduledJob(JOB_CONTRACT_REMINDERS, async ({ db, log }) => {
  const summary = await runContractReminders(db);
  log(`Contract reminders for ${summary.today}: ${summary.statusesChanged} statuses changed, ${summary.remindersQueued} reminders queued.`);
});
