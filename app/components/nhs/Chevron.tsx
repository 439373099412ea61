import { cx } from "./cx";

/** The chevron used by back links, breadcrumbs and pagination; it takes the text colour. */
export function Chevron({ direction, className }: { direction: "left" | "right"; className?: string }) {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" className={cx("shrink-0", className ?? "h-4 w-4")}>
      <path d={direction === "left" ? "M15 6l-6 6 6 6" : "M9 6l6 6-6 6"} fill="none" stroke="currentColor" strokeWidth="2.5" />
    </svg>
  );
}
