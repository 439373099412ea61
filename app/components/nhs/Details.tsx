import type { ReactNode } from "react";
import { Chevron } from "./Chevron";

/** Native details/summary: opens and closes without JavaScript. */
export function Details({ summary, children }: { summary: ReactNode; children: ReactNode }) {
  return (
    <details className="group mb-6 tablet:mb-8">
      <summary className="group/summary inline-flex min-h-6 cursor-pointer list-none items-start gap-1 text-link focus-visible:outline-none [&::-webkit-details-marker]:hidden">
        <Chevron direction="right" className="mt-1 h-4 w-4 group-open:rotate-90 tablet:mt-1.5" />
        <span className="underline underline-offset-[0.15em] group-hover/summary:text-link-hover group-focus-visible/summary:bg-focus group-focus-visible/summary:text-text group-focus-visible/summary:no-underline group-focus-visible/summary:shadow-[0_-2px_#ffeb3b,0_4px_#212b32]">
          {summary}
        </span>
      </summary>
      <div className="mt-2 border-l-4 border-grey-4 py-1 pl-4 tablet:pl-6 [&>*:last-child]:mb-0">{children}</div>
    </details>
  );
}
