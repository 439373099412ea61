import type { ReactNode } from "react";
import { AppLink } from "./AppLink";

export interface CardLinkProps {
  href: string;
  heading: ReactNode;
  headingLevel?: 2 | 3 | 4;
  description?: ReactNode;
}

/** A white card whose whole area follows its heading link. */
export function CardLink({ href, heading, headingLevel = 2, description }: CardLinkProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <div className="relative mb-6 border border-grey-4 bg-white p-4 shadow-[0_4px_0_0_#d8dde0] hover:shadow-[0_4px_0_0_#aeb7bd] tablet:mb-8 tablet:p-6">
      <Heading className="mb-2 text-22 tablet:text-26">
        <AppLink href={href} className="after:absolute after:inset-0 after:content-['']">
          {heading}
        </AppLink>
      </Heading>
      {description ? <div className="[&>*:last-child]:mb-0">{description}</div> : null}
    </div>
  );
}
