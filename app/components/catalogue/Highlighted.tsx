import { Fragment } from "react";
import type { HighlightSegment } from "~/services/search/document";

/** Matched words in <mark>; everything is React text, never HTML from the index. */
export function Highlighted({ segments, fallback }: { segments: HighlightSegment[]; fallback?: string }) {
  if (segments.length === 0) return <>{fallback ?? ""}</>;
  return (
    <>
      {segments.map((segment, index) =>
        segment.matched ? (
          <mark key={index} className="bg-yellow-pale font-bold text-text">
            {segment.text}
          </mark>
        ) : (
          <Fragment key={index}>{segment.text}</Fragment>
        ),
      )}
    </>
  );
}
