import type { ReactNode } from "react";
import { cx } from "./cx";
import { labelSizeClass, pageHeadingWrapperClass, type LabelSize } from "./field";

export interface LabelProps {
  htmlFor: string;
  children: ReactNode;
  size?: LabelSize;
  isPageHeading?: boolean;
  className?: string;
}

export function Label({ htmlFor, children, size, isPageHeading = false, className }: LabelProps) {
  const label = (
    <label
      htmlFor={htmlFor}
      className={cx("mb-2 block", labelSizeClass[size ?? (isPageHeading ? "l" : "s")], className)}
    >
      {children}
    </label>
  );
  return isPageHeading ? <h1 className={pageHeadingWrapperClass}>{label}</h1> : label;
}
