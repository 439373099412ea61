/** The document title: "Cookies – Buying Catalogue – NHS", most specific part first. */
export function pageTitle(...parts: string[]): string {
  return [...parts, "Buying Catalogue", "NHS"].join(" – ");
}
