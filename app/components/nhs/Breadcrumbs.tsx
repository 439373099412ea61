import { AppLink } from "./AppLink";
import { Chevron } from "./Chevron";

export interface Crumb {
  href: string;
  label: string;
}

/**
 * The pages above this one, not including it. Small screens show only a link back to the
 * parent, as NHS.UK does.
 */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  const parent = items.at(-1);
  if (!parent) return null;
  return (
    <nav aria-label="Breadcrumb" className="py-3 text-16">
      <ol className="m-0 hidden list-none flex-wrap items-center p-0 tablet:flex">
        {items.map((item, index) => (
          <li key={item.href} className="inline-flex min-h-6 items-center">
            {index > 0 ? (
              <span className="mx-1 text-grey-1">
                <Chevron direction="right" />
              </span>
            ) : null}
            <AppLink href={item.href}>{item.label}</AppLink>
          </li>
        ))}
      </ol>
      <p className="m-0 tablet:hidden">
        <AppLink href={parent.href} className="inline-flex min-h-6 items-center gap-1">
          <Chevron direction="left" />
          Back to {parent.label}
        </AppLink>
      </p>
    </nav>
  );
}
