import { emailTemplate } from "~/services/email/templates";

/** Links in emails must be absolute: APP_URL (required in production), this server locally. */
export { appUrl } from "~/utils/env.server";

export const orderCompletedForBuyer = emailTemplate((p: { callOffId: string; description: string; supplier: string; total: string; url: string }) => ({
  subject: `Call-off order ${p.callOffId} completed`,
  paragraphs: [
    `Your call-off order ${p.callOffId} (${p.description}) with ${p.supplier} is complete and its contract has started.`,
    `Indicative total cost over the maximum term: ${p.total}.`,
    "The supplier has been told and will contact you about implementation.",
  ],
  link: { text: "View the order", url: p.url },
}));

export const orderCompletedForSupplier = emailTemplate(
  (p: { callOffId: string; orderingParty: string; odsCode: string; solution: string; commencement: string; url: string }) => ({
    subject: `New call-off order ${p.callOffId} from ${p.orderingParty}`,
    paragraphs: [
      `${p.orderingParty} (${p.odsCode}) has placed call-off order ${p.callOffId} for ${p.solution}.`,
      `Commencement date: ${p.commencement}.`,
      "Contact the buyer to agree the implementation plan.",
    ],
    link: { text: "View orders and contracts", url: p.url },
  }),
);

export const contractExpiryReminder = emailTemplate(
  (p: { callOffId: string; solution: string; supplier: string; endDate: string; days: number; url: string }) => ({
    subject: `Contract ${p.callOffId} ends in ${p.days} days`,
    paragraphs: [
      `Your contract ${p.callOffId} for ${p.solution} with ${p.supplier} ends on ${p.endDate}.`,
      "If you still need it, start a renewal now so that the service continues without a gap. You can also compare assured alternatives.",
    ],
    link: { text: "Renew or review the contract", url: p.url },
  }),
);

export const contractTerminatedForSupplier = emailTemplate(
  (p: { callOffId: string; orderingParty: string; solution: string; terminatesOn: string; reason: string; url: string }) => ({
    subject: `Contract ${p.callOffId} terminated by ${p.orderingParty}`,
    paragraphs: [
      `${p.orderingParty} has terminated contract ${p.callOffId} for ${p.solution}. The contract ends on ${p.terminatesOn}.`,
      `Reason given: ${p.reason}`,
      "Stop invoicing for the contract after that date and agree the exit and data handover with the buyer.",
    ],
    link: { text: "View orders and contracts", url: p.url },
  }),
);

export const contractTerminatedForBuyer = emailTemplate((p: { callOffId: string; solution: string; terminatesOn: string; url: string }) => ({
  subject: `Contract ${p.callOffId} will end on ${p.terminatesOn}`,
  paragraphs: [`You have terminated contract ${p.callOffId} for ${p.solution}. It ends on ${p.terminatesOn} and the supplier has been told.`],
  link: { text: "View your contracts", url: p.url },
}));
