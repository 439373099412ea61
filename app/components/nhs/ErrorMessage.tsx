import type { ReactNode } from "react";
import { VisuallyHidden } from "./VisuallyHidden";

export function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span id={id} className="mb-4 block font-bold text-red">
      <VisuallyHidden>Error: </VisuallyHidden>
      {children}
    </span>
  );
}
