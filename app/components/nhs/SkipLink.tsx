/** The first thing a keyboard user reaches; it jumps past the header to `<main id="maincontent">`. */
export function SkipLink() {
  return (
    <a
      href="#maincontent"
      className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:px-2 focus:py-1 focus:text-16"
    >
      Skip to main content
    </a>
  );
}
