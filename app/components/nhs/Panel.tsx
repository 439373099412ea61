import type { ReactNode } from "react";

export interface PanelProps {
  /** The page's `<h1>`, such as "Order completed". */
  title: ReactNode;
  children?: ReactNode;
}

/** The confirmation panel at the top of a "you have finished" page. */
export function Panel({ title, children }: PanelProps) {
  return (
    <div className="mb-8 bg-green p-6 text-center text-white tablet:mb-12 tablet:p-9 [&_a]:text-white">
      <h1 className="mb-4 text-32 text-white tablet:text-48">{title}</h1>
      {children ? <div className="text-22 tablet:text-26 [&>*:last-child]:mb-0">{children}</div> : null}
    </div>
  );
}
