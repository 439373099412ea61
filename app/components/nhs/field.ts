import type { ReactNode } from "react";

/** What every form field takes. There is no `required`: the server validates and explains. */
export interface FieldProps {
  /** The id of the field's first control, so an error summary link `#id` focuses it. */
  id: string;
  name: string;
  /** The label text, or the legend for fields grouped in a fieldset. */
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Size of the label or legend; page-heading fields default to "l". */
  labelSize?: LabelSize;
  /** Wrap the label or legend in the page's `<h1>` (one-question pages). */
  isPageHeading?: boolean;
}

export type LabelSize = "s" | "m" | "l" | "xl";

export const labelSizeClass: Record<LabelSize, string> = {
  s: "text-16 tablet:text-19",
  m: "text-22 font-bold tablet:text-26",
  l: "text-26 font-bold tablet:text-32",
  xl: "text-32 font-bold tablet:text-48",
};

/** An `<h1>` around a label or legend takes the label's size, not the page heading's. */
export const pageHeadingWrapperClass = "m-0 text-[length:inherit] leading-[inherit]";

export const hintId = (id: string) => `${id}-hint`;
export const errorId = (id: string) => `${id}-error`;

/** The `aria-describedby` value for a field: its hint, its error, then anything extra. */
export function describedBy(
  id: string,
  { hint, error }: { hint?: ReactNode; error?: string },
  ...extraIds: string[]
): string | undefined {
  const ids = [hint ? hintId(id) : null, error ? errorId(id) : null, ...extraIds].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}
