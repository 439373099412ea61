import type { ReactNode } from "react";

/** Text for screen readers only, such as the context after "Change" or the "Error:" prefix. */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="nhsuk-u-visually-hidden">{children}</span>;
}
