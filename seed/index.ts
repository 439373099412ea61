import type { PrismaClient } from "../generated/prisma/client";
import { sealSecret } from "~/modules/accounts/secret-box.server";
import { scanInTransaction } from "~/modules/assurance/scan.server";
import { fromDbDate } from "~/modules/dates";
import { currentStates } from "~/modules/shortlists/shortlists.server";
import { hashPassword } from "~/utils/password.server";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, seedDemoData, type DemoSummary } from "./demo";
import { hasReferenceData, seedReferenceData } from "./reference";
import { startOfDayUtc } from "./support";

export { DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS } from "./demo";

export type SeedOptions = {
  /** Every seeded date (assurance expiries, contract ends…) is relative to this day. */
  today: Date;
  /** Generate this many solutions (about one supplier per 8, 10 contracts per solution) instead of the demo catalogue. */
  scale?: number;
  log?: (message: string) => void;
};

export type SeedResult = { skipped: true } | ({ skipped: false } & DemoSummary);

/**
 * Seeds a freshly migrated, empty database with reference and demo data, in one transaction
 * so a failure leaves nothing half-written. A database that already has frameworks is left
 * alone: the audit trail is append-only, so the seed never clears tables.
 */
export async function seedDatabase(prisma: PrismaClient, options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  if (await hasReferenceData(prisma)) {
    log("The database already has reference data: seed skipped.");
    return { skipped: true };
  }
  const today = startOfDayUtc(options.today);
  const started = Date.now();
  // One hash for every demo user: argon2id is deliberately slow.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const summary = await prisma.$transaction(
    async (tx) => {
      await seedReferenceData(tx, today);
      const seeded = await seedDemoData(tx, { today, scale: options.scale, passwordHash, log });
      // The demo staff account uses two-factor sign-in already, with the published secret.
      const staff = await tx.user.findUniqueOrThrow({ where: { email: DEMO_USERS.commercial }, select: { id: true } });
      await tx.user.update({ where: { id: staff.id }, data: { totpSecret: sealSecret(DEMO_TOTP_SECRET, staff.id), totpEnabledAt: today } });
      // The daily assurance scan for the seed's today, in the same transaction: no demo listing
      // stays published past a failed remediation deadline, and their contracts are flagged.
      const scan = await scanInTransaction(tx, fromDbDate(today));
      log(`Assurance scan for ${scan.today}: ${scan.suspendedListings} listings suspended, ${scan.flaggedContracts} contracts flagged.`);
      // The demo shortlist remembers its results' states (as they are now, the demo's stand-in for when it was saved).
      for (const shortlist of await tx.shortlist.findMany({ select: { id: true, resultIdsAtSave: true, createdAt: true } })) {
        const states = await currentStates(tx, shortlist.resultIdsAtSave, fromDbDate(today));
        await tx.shortlist.update({ where: { id: shortlist.id }, data: { seenStates: [...states.values()], seenAt: shortlist.createdAt } });
      }
      return seeded;
    },
    { timeout: 60 * 60_000, maxWait: 60_000 },
  );
  log(
    `Seeded ${summary.suppliers} suppliers, ${summary.solutions} solutions, ${summary.practices} practices, ` +
      `${summary.contracts} contracts and ${summary.users} users in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
  return { skipped: false, ...summary };
}
