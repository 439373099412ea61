/** Joins class names, skipping the falsy ones, so optional modifiers read as one expression. */
export function cx(...classNames: Array<string | false | null | undefined>): string {
  return classNames.filter(Boolean).join(" ");
}
