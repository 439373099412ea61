import type { ReactNode } from "react";
import { cx } from "./cx";
import { ErrorMessage } from "./ErrorMessage";
import { Fieldset } from "./Fieldset";
import { Hint } from "./Hint";
import { Label } from "./Label";
import { describedBy, errorId, hintId, type FieldProps } from "./field";

/** Spacing around one question; a red bar down the left marks the question in error. */
export function FormGroup({ error, children }: { error?: string; children: ReactNode }) {
  return (
    <div className={cx("mb-6 tablet:mb-8", error && "border-l-4 border-red pl-4")}>{children}</div>
  );
}

function HintAndError({ id, hint, error }: Pick<FieldProps, "id" | "hint" | "error">) {
  return (
    <>
      {hint ? <Hint id={hintId(id)}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={errorId(id)}>{error}</ErrorMessage> : null}
    </>
  );
}

type ShellProps = Omit<FieldProps, "name"> & { children: ReactNode };

/** A single control (input, textarea, select) with its label, hint and error. */
export function LabelledField({ id, label, hint, error, labelSize, isPageHeading, children }: ShellProps) {
  return (
    <FormGroup error={error}>
      <Label htmlFor={id} size={labelSize} isPageHeading={isPageHeading}>
        {label}
      </Label>
      <HintAndError id={id} hint={hint} error={error} />
      {children}
    </FormGroup>
  );
}

/** Several controls answering one question (radios, checkboxes, a date), with a legend. */
export function GroupedField({ id, label, hint, error, labelSize, isPageHeading, children }: ShellProps) {
  return (
    <FormGroup error={error}>
      <Fieldset
        legend={label}
        legendSize={labelSize}
        isPageHeading={isPageHeading}
        describedBy={describedBy(id, { hint, error })}
      >
        <HintAndError id={id} hint={hint} error={error} />
        {children}
      </Fieldset>
    </FormGroup>
  );
}
