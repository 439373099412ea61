import type { ReactNode } from "react";
import { Tag } from "./Tag";

export function PhaseBanner({ phase = "Beta", children }: { phase?: string; children: ReactNode }) {
  return (
    <div className="border-b border-grey-4 bg-white">
      <p className="mx-auto my-0 flex max-w-page items-center gap-3 px-4 py-2 text-16">
        <Tag colour="blue">{phase}</Tag>
        <span>{children}</span>
      </p>
    </div>
  );
}
