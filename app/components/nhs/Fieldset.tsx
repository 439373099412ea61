import type { ReactNode } from "react";
import { cx } from "./cx";
import { labelSizeClass, pageHeadingWrapperClass, type LabelSize } from "./field";

export interface FieldsetProps {
  legend: ReactNode;
  legendSize?: LabelSize;
  isPageHeading?: boolean;
  /** Ids of the hint and error that describe the whole group. */
  describedBy?: string;
  children: ReactNode;
  className?: string;
}

export function Fieldset({
  legend,
  legendSize,
  isPageHeading = false,
  describedBy,
  children,
  className,
}: FieldsetProps) {
  const sizeClass = labelSizeClass[legendSize ?? (isPageHeading ? "l" : "s")];
  return (
    <fieldset aria-describedby={describedBy} className={cx("m-0 min-w-0 border-0 p-0", className)}>
      <legend className={cx("mb-2 p-0", sizeClass)}>
        {isPageHeading ? <h1 className={pageHeadingWrapperClass}>{legend}</h1> : legend}
      </legend>
      {children}
    </fieldset>
  );
}
