import type { ReactNode } from "react";
import { cx } from "./cx";

export function Hint({ id, children, className }: { id: string; children: ReactNode; className?: string }) {
  return (
    <div id={id} className={cx("mb-4 text-text-secondary", className)}>
      {children}
    </div>
  );
}
