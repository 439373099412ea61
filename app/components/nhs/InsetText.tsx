import type { ReactNode } from "react";
import { VisuallyHidden } from "./VisuallyHidden";

/** Sets apart a quotation, example or extra information from the surrounding text. */
export function InsetText({ children }: { children: ReactNode }) {
  return (
    <div className="my-6 border-l-4 border-blue py-1 pl-4 tablet:my-8 tablet:pl-6 [&>*:last-child]:mb-0">
      <VisuallyHidden>Information: </VisuallyHidden>
      {children}
    </div>
  );
}
