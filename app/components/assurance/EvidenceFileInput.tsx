import type { ReactNode } from "react";

/**
 * The PDF upload field of assurance evidence (renewals, and a listing's standards): a native
 * file input, so it works without JavaScript, with hint and error wired to it for screen readers.
 */
export function EvidenceFileInput({ id, label, error, children }: { id: string; label: string; error?: string; children?: ReactNode }) {
  return (
    <div className={error ? "nhsuk-form-group nhsuk-form-group--error mb-6 border-l-4 border-red pl-4" : "mb-6"}>
      <label htmlFor={id} className="mb-1 block font-bold">
        {label}
      </label>
      <div id={`${id}-hint`} className="mb-2 text-text-secondary">
        A PDF of at most 10 MB. Only your company and commercial staff can open it.
      </div>
      {children}
      {error ? (
        <p id={`${id}-error`} className="mb-2 font-bold text-red">
          <span className="sr-only">Error:</span> {error}
        </p>
      ) : null}
      <input id={id} name={id} type="file" accept="application/pdf,.pdf" aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`} className="block" />
    </div>
  );
}
