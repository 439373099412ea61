import { Choices, type ChoiceItem } from "./Choices";
import { GroupedField } from "./FormGroup";
import type { FieldProps } from "./field";

export interface RadiosProps extends FieldProps {
  items: ChoiceItem[];
  defaultValue?: string;
  /** Side by side, for two or three short answers such as Yes and No. */
  inline?: boolean;
}

export function Radios({ id, name, label, hint, error, labelSize, isPageHeading, items, defaultValue, inline }: RadiosProps) {
  return (
    <GroupedField id={id} label={label} hint={hint} error={error} labelSize={labelSize} isPageHeading={isPageHeading}>
      <Choices
        type="radio"
        id={id}
        name={name}
        items={items}
        checkedValues={defaultValue === undefined ? [] : [defaultValue]}
        inline={inline}
        invalid={Boolean(error)}
      />
    </GroupedField>
  );
}
