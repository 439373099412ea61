import type { AnchorHTMLAttributes } from "react";
import { Link, useInRouterContext } from "@remix-run/react";

export type AppLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & {
  href: string;
  /** Resource routes (JSON, CSV, downloads) must be fetched as documents, not client-side. */
  reloadDocument?: boolean;
};

const isAppPath = (href: string) => href.startsWith("/") && !href.startsWith("//");

/**
 * The one link primitive: a Remix `<Link>` for pages of this app (client-side navigation
 * when JavaScript is on), a plain anchor for fragments, other sites, documents, and when
 * rendered outside a router (unit tests, static markup).
 */
export function AppLink({ href, reloadDocument, ...anchorProps }: AppLinkProps) {
  const inRouter = useInRouterContext();
  if (inRouter && isAppPath(href) && !reloadDocument) {
    return <Link to={href} {...anchorProps} />;
  }
  return <a href={href} {...anchorProps} />;
}
