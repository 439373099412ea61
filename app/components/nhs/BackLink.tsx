import { AppLink } from "./AppLink";
import { Chevron } from "./Chevron";

/** A real href, never history.back(), so it works without JavaScript and from a bookmark. */
export function BackLink({ href, children = "Back" }: { href: string; children?: string }) {
  return (
    <div className="mb-6 mt-4 tablet:mb-8">
      <AppLink href={href} className="inline-flex min-h-6 items-center gap-1 text-16">
        <Chevron direction="left" />
        {children}
      </AppLink>
    </div>
  );
}
