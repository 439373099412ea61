import { Choices, type ChoiceItem } from "./Choices";
import { GroupedField } from "./FormGroup";
import type { FieldProps } from "./field";

export interface CheckboxesProps extends FieldProps {
  items: ChoiceItem[];
  /** Values ticked when the page loads (all share `name`, so the server reads `getAll(name)`). */
  defaultValue?: readonly string[];
}

export function Checkboxes({ id, name, label, hint, error, labelSize, isPageHeading, items, defaultValue = [] }: CheckboxesProps) {
  return (
    <GroupedField id={id} label={label} hint={hint} error={error} labelSize={labelSize} isPageHeading={isPageHeading}>
      <Choices type="checkbox" id={id} name={name} items={items} checkedValues={defaultValue} invalid={Boolean(error)} />
    </GroupedField>
  );
}
