import type { TextareaHTMLAttributes } from "react";
import { LabelledField } from "./FormGroup";
import { cx } from "./cx";
import { describedBy, type FieldProps } from "./field";

type NativeTextareaProps = Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  "id" | "name" | "defaultValue" | "required" | "maxLength" | "className" | "children" | "aria-describedby" | "aria-invalid"
>;

export interface TextareaProps extends FieldProps, NativeTextareaProps {
  defaultValue?: string;
  /**
   * Shown as "You can enter up to N characters". Deliberately not a `maxlength` attribute:
   * people may paste and then trim, and the server gives the error.
   */
  maxLength?: number;
}

export function Textarea({
  id,
  name,
  label,
  hint,
  error,
  labelSize,
  isPageHeading,
  defaultValue,
  maxLength,
  rows = 5,
  ...textareaProps
}: TextareaProps) {
  const countId = `${id}-info`;
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} labelSize={labelSize} isPageHeading={isPageHeading}>
      <textarea
        {...textareaProps}
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-describedby={describedBy(id, { hint, error }, ...(maxLength ? [countId] : []))}
        aria-invalid={error ? true : undefined}
        className={cx("nhsuk-form-control block min-h-10 w-full py-1", error && "border-red")}
      />
      {maxLength ? (
        <div id={countId} className="mt-1 text-text-secondary">
          You can enter up to {maxLength.toLocaleString("en-GB")} characters
        </div>
      ) : null}
    </LabelledField>
  );
}
