import { Form } from "@remix-run/react";
import { AppLink, Button, ErrorSummary, SummaryList, Tag, Textarea, type FieldError } from "~/components/nhs";
import type { SwitchPlanView } from "~/modules/switching/switching.server";
import { useCsrfToken } from "~/root";

type Props = {
  plan: SwitchPlanView;
  errors?: FieldError[];
  /** Where the solutions and contracts link to for this viewer (buyers see contracts, suppliers their list). */
  contractHref?: (contractId: string) => string;
};

const STATUS_COLOUR = { REQUESTED: "grey", SCHEDULED: "blue", LIVE: "green", CANCELLED: "grey" } as const;

/**
 * A switch's timetable and its switching plan: each task with its owner, due date and state,
 * and for the viewer's own task that is next, a form to mark it done (works without
 * JavaScript; a second press changes nothing).
 */
export function SwitchPlan({ plan, errors = [], contractHref }: Props) {
  const csrf = useCsrfToken();
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="mb-2 block text-19 text-text-secondary">Switching supplier: {plan.buyer}</span>
      <h1>
        Switch from {plan.outgoing.solution} to {plan.incoming.solution}
      </h1>
      <p>
        <Tag colour={STATUS_COLOUR[plan.status]}>{plan.statusText}</Tag>
        {plan.partyText ? <span className="ml-3">You are the {plan.partyText.toLowerCase()} in this switch.</span> : null}
      </p>
      <SummaryList
        rows={[
          { key: "Buyer", value: plan.buyer },
          {
            key: "Current contract",
            value: contractHref ? <AppLink href={contractHref(plan.outgoing.contractId)}>{`${plan.outgoing.callOffId}: ${plan.outgoing.solution}`}</AppLink> : `${plan.outgoing.callOffId}: ${plan.outgoing.solution}`,
          },
          { key: "Current supplier", value: plan.outgoing.supplier },
          { key: "New solution", value: <AppLink href={`/solutions/${plan.incoming.solutionId}`}>{plan.incoming.solution}</AppLink> },
          { key: "New supplier", value: plan.incoming.supplier },
          { key: "New call-off order", value: plan.incoming.callOffId },
          { key: "Switch date", value: `${plan.switchDate} (the new contract starts)` },
          { key: "Current contract's last day", value: plan.parallelRunDays > 0 ? `${plan.oldContractLastDay} (${plan.parallelRunDays} days of parallel running)` : plan.oldContractLastDay },
          ...(plan.earlyEndReason ? [{ key: "Reason for ending in the initial period", value: plan.earlyEndReason }] : []),
        ]}
      />
      <h2>Switching plan</h2>
      {plan.tasks.length === 0 ? (
        <p>The switching plan starts when the buyer submits call-off order {plan.incoming.callOffId}: its tasks and due dates are set then.</p>
      ) : (
        <ol className="list-none pl-0">
          {plan.tasks.map((task, index) => (
            <li key={task.id} className="mb-6 border-b border-grey-4 pb-4" id={`task-${task.kind}`}>
              <h3 className="mb-2">
                {index + 1}. {task.title}
              </h3>
              <p className="mb-2">
                {task.done ? <Tag colour="green">Done</Tag> : task.overdue ? <Tag colour="red">Overdue</Tag> : <Tag colour="grey">To do</Tag>}
              </p>
              <p className="mb-2">{task.description}</p>
              <p className="mb-2">
                <strong>Owner:</strong> {task.owner}. <strong>Due by:</strong> {task.dueOn}.
              </p>
              {task.done ? (
                <p className="mb-2">
                  Marked as done on {task.done.on}
                  {task.done.by ? ` by ${task.done.by}` : ""}.{task.done.note ? ` Note: ${task.done.note}` : ""}
                </p>
              ) : null}
              {task.canComplete ? (
                <Form method="post" noValidate>
                  <input type="hidden" name="csrf" value={csrf} />
                  <input type="hidden" name="kind" value={task.kind} />
                  <Textarea id={`note-${task.kind}`} name="note" label="Note for the other parties (optional)" rows={2} />
                  <Button preventDoubleClick>{task.confirmText}</Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
