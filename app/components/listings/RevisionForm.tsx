import { useCsrfToken } from "~/root";

/**
 * The hidden fields every form that changes a revision posts: the CSRF token, and the revision
 * and version the supplier saw, so a save from a stale tab is refused instead of overwriting.
 */
export function RevisionFields({ revision }: { revision: { id: string; version: number } }) {
  const csrf = useCsrfToken();
  return (
    <>
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="revisionId" value={revision.id} />
      <input type="hidden" name="version" value={revision.version} />
    </>
  );
}

/** Commercial staff's comment on a section, shown above the section's form when they asked for changes. */
export function ReviewerComment({ comment }: { comment: string | null }) {
  if (!comment) return null;
  return (
    <div className="mb-8 border-l-10 border-yellow bg-yellow-pale p-4" role="region" aria-label="Comment from commercial staff">
      <p className="mb-0">
        <strong>Commercial staff asked:</strong> {comment}
      </p>
    </div>
  );
}
