import { GroupedField } from "./FormGroup";
import { cx } from "./cx";
import type { FieldProps } from "./field";

export type DatePart = "day" | "month" | "year";

export interface DateInputProps extends FieldProps {
  /** Values as typed, so a wrong answer is shown back unchanged. */
  defaultValue?: Partial<Record<DatePart, string>>;
  /** The parts to mark as wrong; all three when there is an error and this is not given. */
  errorParts?: DatePart[];
}

const parts: { part: DatePart; label: string; widthClass: string }[] = [
  { part: "day", label: "Day", widthClass: "w-[5.4ex]" },
  { part: "month", label: "Month", widthClass: "w-[5.4ex]" },
  { part: "year", label: "Year", widthClass: "w-[9ex]" },
];

/**
 * Three inputs named `${name}-day`, `${name}-month` and `${name}-year`. The day input has
 * the field's `id` (the error summary links to it); the others `${id}-month` and `${id}-year`.
 */
export function DateInput({ id, name, label, hint, error, labelSize, isPageHeading, defaultValue = {}, errorParts }: DateInputProps) {
  return (
    <GroupedField id={id} label={label} hint={hint} error={error} labelSize={labelSize} isPageHeading={isPageHeading}>
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {parts.map(({ part, label: partLabel, widthClass }) => {
          const partId = part === "day" ? id : `${id}-${part}`;
          const invalid = Boolean(error) && (errorParts === undefined || errorParts.includes(part));
          return (
            <div key={part}>
              <label htmlFor={partId} className="mb-1 block">
                {partLabel}
              </label>
              <input
                id={partId}
                name={`${name}-${part}`}
                type="text"
                inputMode="numeric"
                defaultValue={defaultValue[part]}
                aria-invalid={invalid ? true : undefined}
                className={cx("nhsuk-form-control h-10", widthClass, invalid && "border-red")}
              />
            </div>
          );
        })}
      </div>
    </GroupedField>
  );
}
