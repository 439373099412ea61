import { LabelledField, cx, describedBy } from "~/components/nhs";
import type { FieldProps } from "~/components/nhs";

/** An NHS file upload field (there is no NHS.UK component of its own): label, hint, error, input. */
export function FileUpload({ id, name, label, hint, error, labelSize, accept }: FieldProps & { accept?: string }) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} labelSize={labelSize}>
      <input
        id={id}
        name={name}
        type="file"
        accept={accept}
        aria-describedby={describedBy(id, { hint, error })}
        aria-invalid={error ? true : undefined}
        className={cx("block w-full max-w-full py-1 text-19", error && "border-2 border-red p-1")}
      />
    </LabelledField>
  );
}
