/**
 * The emails the assurance lapse process sends (DESIGN.md §2 "Assurance lapse"). Pure
 * templates: the scan and the staff actions pass the facts and absolute links in.
 */
import { emailTemplate } from "~/services/email/templates";

export const expiryNotice = emailTemplate(
  (p: { supplier: string; standard: string; subject: string; expiresOn: string; daysLeft: number; url: string }) => ({
    subject: `${p.standard} assurance expires on ${p.expiresOn}`,
    greeting: `Dear ${p.supplier},`,
    paragraphs: [
      `Your ${p.standard} assurance for ${p.subject} expires on ${p.expiresOn}, in ${p.daysLeft} ${p.daysLeft === 1 ? "day" : "days"}.`,
      "Upload renewed evidence before then. If it lapses, buyers see a warning on your listings and commercial staff may agree a remediation plan, suspend the solution or flag its contracts for termination.",
    ],
    link: { text: "Renew your assurance", url: p.url },
  }),
);

export const lapseNotice = emailTemplate(
  (p: { supplier: string; standard: string; subject: string; lapsedOn: string; solutions: string[]; url: string }) => ({
    subject: `${p.standard} assurance lapsed on ${p.lapsedOn}`,
    greeting: `Dear ${p.supplier},`,
    paragraphs: [
      `Your ${p.standard} assurance for ${p.subject} lapsed on ${p.lapsedOn}. Buyers now see it as lapsed on these Catalogue Solutions:`,
      ...(p.solutions.length > 0 ? [{ list: p.solutions }] : []),
      "Upload renewed evidence as soon as you can. Commercial staff will contact you to agree a remediation plan.",
    ],
    link: { text: "Renew your assurance", url: p.url },
  }),
);

export const remediationAgreedNotice = emailTemplate(
  (p: { supplier: string; standard: string; deadline: string; plan: string; solutions: string[]; url: string }) => ({
    subject: `Remediation plan agreed for ${p.standard}: deadline ${p.deadline}`,
    greeting: `Dear ${p.supplier},`,
    paragraphs: [
      `Commercial staff have agreed a remediation plan for your lapsed ${p.standard} assurance. Renewed assurance must be in place by ${p.deadline}.`,
      `The plan: ${p.plan}`,
      "Until then these Catalogue Solutions are shown as in remediation:",
      ...(p.solutions.length > 0 ? [{ list: p.solutions }] : []),
      "If the deadline passes without renewed assurance, the solutions are suspended and every live contract for them is flagged for termination.",
    ],
    link: { text: "Upload renewed evidence", url: p.url },
  }),
);

export const suspensionNotice = emailTemplate(
  (p: { supplier: string; standard: string; reason: string; solutions: string[]; contracts: number; url: string }) => ({
    subject: `Catalogue Solutions suspended: ${p.standard} assurance`,
    greeting: `Dear ${p.supplier},`,
    paragraphs: [
      `These Catalogue Solutions have been suspended from the Buying Catalogue because their ${p.standard} assurance is not in place:`,
      { list: p.solutions },
      p.reason,
      `${p.contracts} live ${p.contracts === 1 ? "contract has" : "contracts have"} been flagged for termination. Renewed assurance clears the flags.`,
    ],
    link: { text: "Upload renewed evidence", url: p.url },
  }),
);

export const contractFlaggedNotice = emailTemplate(
  (p: { organisation: string; callOffId: string; solution: string; supplier: string; reason: string; url: string }) => ({
    subject: `Your contract ${p.callOffId} for ${p.solution} is flagged for termination`,
    greeting: `Dear colleague at ${p.organisation},`,
    paragraphs: [
      `Your contract ${p.callOffId} for ${p.solution} from ${p.supplier} has been flagged for termination: ${p.reason}`,
      "Nothing changes yet. Commercial staff will review the flag, and you will be told if a termination notice is issued. You can already compare assured alternatives that cover the same capabilities and start a replacement call-off order in one step.",
    ],
    link: { text: "See assured alternatives", url: p.url },
  }),
);

export const terminationNoticeEmail = emailTemplate(
  (p: { organisation: string; callOffId: string; solution: string; terminatesOn: string; reason: string; url: string }) => ({
    subject: `Termination notice: contract ${p.callOffId} for ${p.solution} ends on ${p.terminatesOn}`,
    greeting: `Dear colleague at ${p.organisation},`,
    paragraphs: [
      `NHS England has issued a termination notice for your contract ${p.callOffId} for ${p.solution}. The contract ends on ${p.terminatesOn}.`,
      `Reason: ${p.reason}`,
      "Choose an assured alternative and place a replacement call-off order before then, so your service recipients are not left without a system.",
    ],
    link: { text: "See assured alternatives", url: p.url },
  }),
);

/** The supplier's own copy of a termination notice: what ends, when, and what it must do, in words meant for the supplier. */
export const supplierTerminationNoticeEmail = emailTemplate(
  (p: { supplier: string; organisation: string; callOffId: string; solution: string; terminatesOn: string; reason: string; url: string }) => ({
    subject: `Termination notice: contract ${p.callOffId} with ${p.organisation} for ${p.solution} ends on ${p.terminatesOn}`,
    greeting: `Dear ${p.supplier},`,
    paragraphs: [
      `NHS England has issued a termination notice for contract ${p.callOffId} with ${p.organisation} for ${p.solution}. The contract ends on ${p.terminatesOn}.`,
      `Reason: ${p.reason}`,
      "Keep providing the service as agreed until that date, and work with the buyer on an orderly exit: the return of their data in a usable format and any help they need to move to another supplier.",
      "Renewing your assurance now does not withdraw this notice. Contact commercial staff if you think it was issued in error.",
    ],
    link: { text: "See your contracts", url: p.url },
  }),
);

export const flagClearedNotice = emailTemplate(
  (p: { organisation: string; callOffId: string; solution: string; reason: string; url: string }) => ({
    subject: `Contract ${p.callOffId} for ${p.solution} is no longer flagged for termination`,
    greeting: `Dear colleague at ${p.organisation},`,
    paragraphs: [`The termination flag on your contract ${p.callOffId} for ${p.solution} has been cleared: ${p.reason}`, "The contract continues as agreed."],
    link: { text: "View your contracts", url: p.url },
  }),
);

export const staffScanDigest = emailTemplate(
  (p: { date: string; lapsed: string[]; suspended: string[]; flagged: number; url: string }) => ({
    subject: `Assurance scan ${p.date}: ${p.lapsed.length} lapsed, ${p.suspended.length} suspended, ${p.flagged} contracts flagged`,
    paragraphs: [
      `The daily assurance scan on ${p.date} found:`,
      ...(p.lapsed.length > 0 ? [`Assurances that lapsed:`, { list: p.lapsed }] : []),
      ...(p.suspended.length > 0 ? [`Catalogue Solutions suspended because their remediation deadline passed:`, { list: p.suspended }] : []),
      `${p.flagged} live ${p.flagged === 1 ? "contract was" : "contracts were"} flagged for termination.`,
    ],
    link: { text: "Open the lapse queue", url: p.url },
  }),
);
