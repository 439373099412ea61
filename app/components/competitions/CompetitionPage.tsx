import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { BackLink, Button, ErrorSummary, type FieldError } from "~/components/nhs";
import { useCsrfToken } from "~/root";

export type CompetitionHeading = { id: string; reference: string; name: string; kind?: string; revision?: number };

/** The reference and name above every competition page's heading. */
export function CompetitionCaption({ competition }: { competition: CompetitionHeading }) {
  return (
    <span className="mb-2 block text-19 text-text-secondary">
      {competition.kind === "DIRECT_AWARD" ? "Direct award " : "Further competition "}
      {competition.reference}: {competition.name}
      {competition.revision && competition.revision > 1 ? ` (revision ${competition.revision})` : null}
    </span>
  );
}

/**
 * A question page of a competition: back link to its task list, error summary, caption and
 * one form with "Save and continue" and "Save and come back later".
 */
export function CompetitionQuestionPage({
  competition,
  errors,
  children,
  back,
  submitLabel = "Save and continue",
  later = true,
}: {
  competition: CompetitionHeading;
  errors?: FieldError[];
  children: ReactNode;
  back?: string;
  submitLabel?: string;
  later?: boolean;
}) {
  const csrf = useCsrfToken();
  return (
    <div className="desktop:w-2/3">
      <BackLink href={back ?? `/buyer/competitions/${competition.id}`}>Back</BackLink>
      <ErrorSummary errors={errors ?? []} />
      <CompetitionCaption competition={competition} />
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        {children}
        <div className="flex flex-wrap items-center gap-x-6">
          <Button preventDoubleClick>{submitLabel}</Button>
          {later ? (
            <Button variant="secondary" name="intent" value="later">
              Save and come back later
            </Button>
          ) : null}
        </div>
      </Form>
    </div>
  );
}

/** Field errors and kept answers from an action's JSON, for any competition form. */
export function formState(actionData: unknown) {
  const data = (actionData ?? {}) as { errors?: FieldError[]; fieldErrors?: Record<string, string>; values?: Record<string, string | string[]> };
  const values = data.values;
  return {
    errors: data.errors ?? [],
    fieldErrors: (data.fieldErrors ?? {}) as Record<string, string | undefined>,
    /** The answer as posted (kept on error), else the saved one. */
    value: (name: string, saved: string) => (values ? String(values[name] ?? "") : saved),
    values: (name: string, saved: readonly string[]): string[] => {
      if (!values) return [...saved];
      const v = values[name];
      return Array.isArray(v) ? v : v ? [v] : [];
    },
  };
}
