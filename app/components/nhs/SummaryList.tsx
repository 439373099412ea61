import type { ReactNode } from "react";
import { AppLink } from "./AppLink";
import { VisuallyHidden } from "./VisuallyHidden";
import { cx } from "./cx";

export interface SummaryListAction {
  href: string;
  /** Usually "Change". */
  label: string;
  /** What will be changed, for screen reader users: "Change" + " order description". */
  visuallyHiddenText: string;
}

export interface SummaryListRow {
  key: ReactNode;
  value: ReactNode;
  action?: SummaryListAction;
}

export interface SummaryListProps {
  rows: SummaryListRow[];
  noBorder?: boolean;
  className?: string;
}

/**
 * Stacked on small screens; a three-column table from tablet up. In table layout only cells
 * draw borders, so the row border is for small screens and each cell carries its own.
 */
export function SummaryList({ rows, noBorder = false, className }: SummaryListProps) {
  const anyActions = rows.some((row) => row.action);
  const cellClass = cx("block tablet:table-cell tablet:py-3 tablet:pr-4", !noBorder && "tablet:border-b tablet:border-grey-4");
  return (
    <dl className={cx("mb-6 w-full tablet:mb-8 tablet:table tablet:table-fixed", className)}>
      {rows.map((row, index) => (
        <div
          key={index}
          className={cx(
            "mb-4 pb-3 tablet:mb-0 tablet:table-row",
            !noBorder && "border-b border-grey-4",
            // A row without an action keeps an empty third cell so the borders line up.
            anyActions && !row.action && "tablet:after:table-cell tablet:after:content-['']",
            anyActions && !row.action && !noBorder && "tablet:after:border-b tablet:after:border-grey-4",
          )}
        >
          <dt className={cx(cellClass, "mb-1 font-bold tablet:mb-0 tablet:w-[30%]")}>{row.key}</dt>
          <dd className={cx(cellClass, "m-0 tablet:w-1/2 [&>*:last-child]:mb-0")}>{row.value}</dd>
          {row.action ? (
            <dd className={cx(cellClass, "m-0 mt-2 tablet:mt-0 tablet:w-[20%] tablet:pr-0 tablet:text-right")}>
              <AppLink href={row.action.href}>
                {row.action.label}
                <VisuallyHidden> {row.action.visuallyHiddenText}</VisuallyHidden>
              </AppLink>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
