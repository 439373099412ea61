import type { ReactNode } from "react";
import { cx } from "./cx";

export type TagColour = "blue" | "grey" | "white" | "green" | "aqua" | "purple" | "red" | "orange" | "yellow";

/** Pale fill with dark text: every pair has a contrast ratio above 6:1. */
const colourClass: Record<TagColour, string> = {
  blue: "border-blue-dark bg-[#d9e7f4] text-blue-dark",
  grey: "border-grey-1 bg-grey-4 text-text",
  white: "border-text bg-white text-text",
  green: "border-green-dark bg-green-pale text-green-dark",
  aqua: "border-[#00403a] bg-aqua-pale text-[#00403a]",
  purple: "border-purple bg-[#e5dbf0] text-purple",
  red: "border-red-dark bg-red-pale text-red-dark",
  orange: "border-[#4d3708] bg-[#ffdc8e] text-[#4d3708]",
  yellow: "border-yellow-warm bg-yellow-pale text-text",
};

export interface TagProps {
  colour?: TagColour;
  children: ReactNode;
  className?: string;
}

export function Tag({ colour = "blue", children, className }: TagProps) {
  return (
    <strong
      className={cx(
        "inline-block border px-2 py-0.5 text-14 font-bold tablet:text-16",
        colourClass[colour],
        className,
      )}
    >
      {children}
    </strong>
  );
}
