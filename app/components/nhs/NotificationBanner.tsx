import { useId, type ReactNode } from "react";
import { cx } from "./cx";

export interface NotificationBannerProps {
  /** "success" confirms something the user just did and is announced (role="alert"). */
  type?: "default" | "success";
  /** The small heading in the coloured bar; defaults to "Important" or "Success". */
  title?: string;
  children: ReactNode;
}

export function NotificationBanner({ type = "default", title, children }: NotificationBannerProps) {
  const titleId = useId();
  const success = type === "success";
  return (
    <div
      role={success ? "alert" : "region"}
      aria-labelledby={titleId}
      className={cx("mb-8 border-4 bg-white tablet:mb-12", success ? "border-green" : "border-blue")}
    >
      <div className={cx("px-4 pb-1 pt-0.5 text-white", success ? "bg-green" : "bg-blue")}>
        <h2 id={titleId} className="m-0 text-16 tablet:text-19">
          {title ?? (success ? "Success" : "Important")}
        </h2>
      </div>
      <div className="p-4 tablet:p-6 [&>*:last-child]:mb-0 [&_a]:font-bold">{children}</div>
    </div>
  );
}
