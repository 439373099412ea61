import { AppLink } from "./AppLink";
import { Chevron } from "./Chevron";
import { VisuallyHidden } from "./VisuallyHidden";
import { cx } from "./cx";

export interface PaginationProps {
  currentPage: number;
  totalPages: number;
  /** Builds the link for a page, keeping the rest of the query (filters, sort). */
  href: (page: number) => string;
}

/** First, last and the pages either side of the current one; a gap of one page shows the page. */
export function pageNumbers(currentPage: number, totalPages: number): Array<number | "gap"> {
  const shown = [...new Set([1, currentPage - 1, currentPage, currentPage + 1, totalPages])]
    .filter((page) => page >= 1 && page <= totalPages)
    .sort((a, b) => a - b);
  const items: Array<number | "gap"> = [];
  shown.forEach((page, index) => {
    const previous = shown[index - 1];
    if (previous !== undefined && page - previous === 2) items.push(page - 1);
    if (previous !== undefined && page - previous > 2) items.push("gap");
    items.push(page);
  });
  return items;
}

const itemClass = "inline-flex min-h-11 min-w-11 items-center justify-center px-2";

export function Pagination({ currentPage, totalPages, href }: PaginationProps) {
  if (totalPages <= 1) return null;
  const current = Math.min(Math.max(1, Math.trunc(currentPage)), totalPages);
  return (
    <nav aria-label="Pagination" className="mb-8 mt-6 flex flex-wrap items-center gap-x-2 gap-y-2 tablet:mb-10">
      {current > 1 ? (
        <AppLink href={href(current - 1)} rel="prev" className={cx(itemClass, "gap-1 font-bold")}>
          <Chevron direction="left" className="h-6 w-6" />
          <span>
            Previous<VisuallyHidden> page</VisuallyHidden>
          </span>
        </AppLink>
      ) : null}
      <ul className="m-0 flex list-none flex-wrap items-center gap-1 p-0">
        {pageNumbers(current, totalPages).map((item, index) =>
          item === "gap" ? (
            <li key={`gap-${index}`} className={itemClass} aria-hidden="true">
              ⋯
            </li>
          ) : (
            <li key={item}>
              <AppLink
                href={href(item)}
                aria-label={`Page ${item}`}
                aria-current={item === current ? "page" : undefined}
                className={cx(itemClass, item === current && "bg-blue font-bold text-white no-underline")}
              >
                {item}
              </AppLink>
            </li>
          ),
        )}
      </ul>
      {current < totalPages ? (
        <AppLink href={href(current + 1)} rel="next" className={cx(itemClass, "gap-1 font-bold")}>
          <span>
            Next<VisuallyHidden> page</VisuallyHidden>
          </span>
          <Chevron direction="right" className="h-6 w-6" />
        </AppLink>
      ) : null}
    </nav>
  );
}
