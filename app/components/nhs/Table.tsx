import { useId, type ReactNode } from "react";
import { cx } from "./cx";

export interface TableColumn {
  label: ReactNode;
  /** Right-aligned with tabular figures, for money, counts and percentages. */
  numeric?: boolean;
}

export interface TableProps {
  caption: ReactNode;
  /** Every table has a visible caption; this sets its size. */
  captionSize?: "m" | "l";
  head: TableColumn[];
  rows: ReactNode[][];
  /** The first cell of each row names the row (`<th scope="row">`). */
  firstCellIsHeader?: boolean;
  className?: string;
}

const captionSizeClass = { m: "text-22 tablet:text-26", l: "text-26 tablet:text-32" } as const;

/**
 * Wide tables scroll sideways inside a focusable, named region, so keyboard users can
 * scroll them too (WCAG 2.1.1, 1.4.10).
 */
export function Table({ caption, captionSize = "m", head, rows, firstCellIsHeader = false, className }: TableProps) {
  const captionId = useId();
  const alignClass = (columnIndex: number) =>
    head[columnIndex]?.numeric ? "text-right tabular-nums" : "text-left";
  return (
    <div
      role="region"
      aria-labelledby={captionId}
      tabIndex={0}
      className={cx("mb-6 overflow-x-auto tablet:mb-10 focus:outline focus:outline-4 focus:outline-focus", className)}
    >
      <table className="w-full border-collapse">
        <caption id={captionId} className={cx("mb-4 text-left font-bold", captionSizeClass[captionSize])}>
          {caption}
        </caption>
        <thead>
          <tr>
            {head.map((column, columnIndex) => (
              <th
                key={columnIndex}
                scope="col"
                className={cx("border-b-2 border-grey-3 py-2 pr-4 align-bottom font-bold last:pr-0", alignClass(columnIndex))}
              >
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, rowIndex) => (
            <tr key={rowIndex}>
              {cells.map((cell, columnIndex) => {
                const cellClass = cx("border-b border-grey-4 py-2 pr-4 align-top last:pr-0", alignClass(columnIndex));
                return firstCellIsHeader && columnIndex === 0 ? (
                  <th key={columnIndex} scope="row" className={cx(cellClass, "font-bold")}>
                    {cell}
                  </th>
                ) : (
                  <td key={columnIndex} className={cellClass}>
                    {cell}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
