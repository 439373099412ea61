/** Which page to show of `total` rows: a page number out of range shows the nearest page. */
export function pageOf(total: number, requested: number, pageSize: number) {
  const totalPages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.trunc(requested) || 1), totalPages);
  return { page, totalPages, skip: (page - 1) * pageSize, take: pageSize };
}
