import type { InputHTMLAttributes } from "react";
import { LabelledField } from "./FormGroup";
import { cx } from "./cx";
import { describedBy, type FieldProps } from "./field";

/** Fixed widths (in characters) that hint at the length of the expected answer. */
export type InputWidth = 2 | 3 | 4 | 5 | 10 | 20 | 30;

export const inputWidthClass: Record<InputWidth, string> = {
  2: "max-w-[5.4ex]",
  3: "max-w-[7.2ex]",
  4: "max-w-[9ex]",
  5: "max-w-[10.8ex]",
  10: "max-w-[23ex]",
  20: "max-w-[41ex]",
  30: "max-w-[59ex]",
};

type NativeInputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "id" | "name" | "type" | "defaultValue" | "required" | "width" | "className" | "children" | "aria-describedby" | "aria-invalid"
>;

export interface TextInputProps extends FieldProps, NativeInputProps {
  type?: "text" | "email" | "tel" | "url" | "search" | "password";
  defaultValue?: string;
  width?: InputWidth;
}

export function TextInput({
  id,
  name,
  label,
  hint,
  error,
  labelSize,
  isPageHeading,
  type = "text",
  defaultValue,
  width,
  ...inputProps
}: TextInputProps) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} labelSize={labelSize} isPageHeading={isPageHeading}>
      <input
        {...inputProps}
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        aria-describedby={describedBy(id, { hint, error })}
        aria-invalid={error ? true : undefined}
        className={cx("nhsuk-form-control h-10 w-full", width && inputWidthClass[width], error && "border-red")}
      />
    </LabelledField>
  );
}
