import { useEffect, useId, useRef } from "react";

export interface FieldError {
  /** The id of the field's first control. */
  fieldId: string;
  message: string;
}

export interface ErrorSummaryProps {
  errors: FieldError[];
  title?: string;
}

/** The document title for a page that may be showing errors: "Error: " comes first. */
export function errorTitle(title: string, hasErrors: boolean): string {
  return hasErrors ? `Error: ${title}` : title;
}

/**
 * Lists every error at the top of the page, each linking to its field. It takes focus
 * when it appears (and when the errors change) so screen readers announce it; without
 * JavaScript the role="alert" still announces it.
 */
export function ErrorSummary({ errors, title = "There is a problem" }: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const errorsKey = errors.map((error) => `${error.fieldId}:${error.message}`).join("|");

  useEffect(() => {
    if (errorsKey) ref.current?.focus();
  }, [errorsKey]);

  if (errors.length === 0) return null;

  return (
    <div
      ref={ref}
      role="alert"
      tabIndex={-1}
      aria-labelledby={titleId}
      className="mb-8 border-4 border-red bg-white p-4 tablet:mb-12 tablet:p-6 focus:border-text focus:outline focus:outline-4 focus:outline-offset-0 focus:outline-focus"
    >
      <h2 id={titleId} className="mb-4 text-22 tablet:text-26">
        {title}
      </h2>
      <ul className="m-0 list-none p-0">
        {errors.map((error) => (
          <li key={`${error.fieldId}:${error.message}`} className="mb-2 last:mb-0">
            <a href={`#${error.fieldId}`} className="font-bold text-red hover:text-red-dark">
              {error.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
