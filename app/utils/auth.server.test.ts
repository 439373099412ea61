import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./auth.server";

/** Where a browser would really go for a Location header of `path` on our site. */
function browserDestination(path: string): string {
  // Browsers drop tabs and line breaks from URLs and read a backslash as a slash (WHATWG URL).
  return new URL(path.replace(/[\t\n\r]/g, ""), "https://catalogue.example.nhs.uk").origin;
}

describe("safeRedirectPath", () => {
  it("keeps paths on this site, normalised", () => {
    expect(safeRedirectPath("/buyer/orders?status=IN_PROGRESS#top", "/")).toBe("/buyer/orders?status=IN_PROGRESS#top");
    expect(safeRedirectPath("/buyer/../admin", "/")).toBe("/admin");
    expect(safeRedirectPath("/solutions?q=caf%C3%A9", "/")).toBe("/solutions?q=caf%C3%A9");
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\r\n/evil.example",
    "/%0D%0A/evil.example",
    "/%0d%0aSet-Cookie:%20x=1",
    "/%2F%2Fevil.example",
    "/%5C%5Cevil.example",
    "/\\\\evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    " /buyer",
    "/%ZZ",
    "",
    `/${"a".repeat(2_001)}`,
  ])("refuses %j", (value) => {
    expect(safeRedirectPath(value, "/buyer")).toBe("/buyer");
  });

  it("never returns a path a browser would take off the site, nor one with control characters (property)", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[/\\\t\r\n%0-9A-Fa-fa-z.:@?#=&-]{0,40}$/),
        (value) => {
          const result = safeRedirectPath(value, "/fallback");
          expect(result).not.toMatch(/[\u0000-\u001f\u007f\\]/);
          expect(browserDestination(result)).toBe("https://catalogue.example.nhs.uk");
          expect(result.startsWith("/") && !result.startsWith("//")).toBe(true);
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
