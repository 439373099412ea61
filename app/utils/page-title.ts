import { useContext } from "react";
import { useMatches } from "@remix-run/react";
import { UNSAFE_DataRouterStateContext } from "react-router-dom";
import { pageTitle } from "~/components/pageTitle";

/**
 * Page titles come from each route's `handle.title` (a string, or a function of its loader
 * data), not from `meta`, because a page re-rendered with form errors must be titled
 * "Error: …" (NHS pattern) and Remix's `meta` cannot see action data, with or without
 * JavaScript. The data router state can, so the document title is worked out here.
 */
export type TitleHandle = { title?: string | ((data: unknown) => string) };

function hasFormErrors(actionData: Record<string, unknown> | null | undefined) {
  return Object.values(actionData ?? {}).some(
    (data) => typeof data === "object" && data !== null && "errors" in data && Array.isArray(data.errors) && data.errors.length > 0,
  );
}

export function useDocumentTitle(): string {
  const matches = useMatches();
  const state = useContext(UNSAFE_DataRouterStateContext);
  const match = [...matches].reverse().find((candidate) => (candidate.handle as TitleHandle | undefined)?.title);
  const title = (match?.handle as TitleHandle | undefined)?.title;
  const base = typeof title === "function" ? title(match?.data) : title;
  const full = base ? pageTitle(base) : pageTitle();
  return hasFormErrors(state?.actionData) ? `Error: ${full}` : full;
}
