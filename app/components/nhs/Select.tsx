import type { SelectHTMLAttributes } from "react";
import { LabelledField } from "./FormGroup";
import { cx } from "./cx";
import { describedBy, type FieldProps } from "./field";

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

type NativeSelectProps = Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  "id" | "name" | "defaultValue" | "required" | "multiple" | "className" | "children" | "aria-describedby" | "aria-invalid"
>;

export interface SelectProps extends FieldProps, NativeSelectProps {
  options: SelectOption[];
  defaultValue?: string;
  /** Text of a first option with an empty value, such as "Choose a framework". */
  emptyOption?: string;
}

export function Select({
  id,
  name,
  label,
  hint,
  error,
  labelSize,
  isPageHeading,
  options,
  defaultValue,
  emptyOption,
  ...selectProps
}: SelectProps) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} labelSize={labelSize} isPageHeading={isPageHeading}>
      <select
        {...selectProps}
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-describedby={describedBy(id, { hint, error })}
        aria-invalid={error ? true : undefined}
        className={cx("nhsuk-form-control h-10 w-full max-w-full tablet:w-auto tablet:min-w-[23ex]", error && "border-red")}
      >
        {emptyOption !== undefined ? <option value="">{emptyOption}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}
