import { emailTemplate } from "~/services/email/templates";

type Timetable = { buyer: string; odsCode: string; oldCallOffId: string; newCallOffId: string; outgoingSolution: string; incomingSolution: string; switchDate: string; oldContractLastDay: string; tasks: string[]; url: string };

/** The switch's timetable, told to each of the three parties when the switch order is submitted. */
export const switchScheduledForBuyer = emailTemplate((p: Timetable) => ({
  subject: `Your switch to ${p.incomingSolution} starts on ${p.switchDate}`,
  paragraphs: [
    `Call-off order ${p.newCallOffId} for ${p.incomingSolution} starts on ${p.switchDate}. Contract ${p.oldCallOffId} for ${p.outgoingSolution} ends on ${p.oldContractLastDay}.`,
    "The switching plan:",
    { list: p.tasks },
    "Both suppliers have been told. You confirm the switch is complete once the practices are working on the new system.",
  ],
  link: { text: "View the switching plan", url: p.url },
}));

export const switchScheduledForOutgoingSupplier = emailTemplate((p: Timetable) => ({
  subject: `${p.buyer} is switching from ${p.outgoingSolution}: contract ${p.oldCallOffId} ends on ${p.oldContractLastDay}`,
  paragraphs: [
    `${p.buyer} (${p.odsCode}) is switching from ${p.outgoingSolution} to ${p.incomingSolution} on ${p.switchDate}. Contract ${p.oldCallOffId} ends on ${p.oldContractLastDay}: stop invoicing for it after that date.`,
    "The switching plan:",
    { list: p.tasks },
    "Mark your task as done in the Buying Catalogue when the data extract has been provided.",
  ],
  link: { text: "View the switching plan", url: p.url },
}));

export const switchScheduledForIncomingSupplier = emailTemplate((p: Timetable) => ({
  subject: `${p.buyer} is switching to ${p.incomingSolution} on ${p.switchDate}`,
  paragraphs: [
    `${p.buyer} (${p.odsCode}) has placed call-off order ${p.newCallOffId} for ${p.incomingSolution}, switching from ${p.outgoingSolution}. The new contract starts on ${p.switchDate}.`,
    "The switching plan:",
    { list: p.tasks },
    "Mark your tasks as done in the Buying Catalogue as the migration and go-live are completed.",
  ],
  link: { text: "View the switching plan", url: p.url },
}));

/** To the owner of the next task once the one before it is done. */
export const switchTaskReady = emailTemplate((p: { buyer: string; task: string; dueOn: string; previous: string; url: string }) => ({
  subject: `Switching task ready for you: ${p.task}`,
  paragraphs: [`"${p.previous}" is done for ${p.buyer}'s switch. Your task "${p.task}" is due by ${p.dueOn}.`],
  link: { text: "View the switching plan", url: p.url },
}));

/** Sent once per task, the first day it is overdue. */
export const switchTaskOverdue = emailTemplate((p: { buyer: string; task: string; dueOn: string; url: string }) => ({
  subject: `Overdue switching task: ${p.task}`,
  paragraphs: [
    `Your task "${p.task}" in ${p.buyer}'s switch was due by ${p.dueOn} and is not marked as done.`,
    "If it is done, mark it as done. If something is holding it up, tell the other parties now: NHS England commercial staff see overdue switching tasks.",
  ],
  link: { text: "View the switching plan", url: p.url },
}));
