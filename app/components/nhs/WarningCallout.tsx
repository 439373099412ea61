import type { ReactNode } from "react";
import { VisuallyHidden } from "./VisuallyHidden";

export interface WarningCalloutProps {
  heading: ReactNode;
  headingLevel?: 2 | 3 | 4;
  children: ReactNode;
  /** Lets an error summary link to the callout (a refusal that belongs to no single field). */
  id?: string;
}

export function WarningCallout({ heading, headingLevel = 3, children, id }: WarningCalloutProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <div id={id} tabIndex={id ? -1 : undefined} className="mb-8 mt-10 border border-yellow bg-yellow-pale px-4 pb-4 tablet:mb-12 tablet:mt-12 tablet:px-6 tablet:pb-6 [&>*:last-child]:mb-0">
      <Heading className="relative -top-3 -ml-4 mb-1 inline-block bg-yellow px-4 py-1 text-22 tablet:-ml-6 tablet:px-6 tablet:text-26">
        <VisuallyHidden>Important: </VisuallyHidden>
        {heading}
      </Heading>
      {children}
    </div>
  );
}
