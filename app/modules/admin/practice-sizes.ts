/**
 * Reads the NHS practice-size CSV ("Patients registered at a GP practice", NHS Digital,
 * monthly): columns CODE and NUMBER_OF_PATIENTS (with SEX and AGE, where only the ALL/ALL
 * rows are totals, and EXTRACT_DATE). A simple two-column file headed "ODS code" and
 * "Practice list size" is accepted too. Every problem is reported against its row.
 */
import { parseDateOnly, type DateOnly } from "~/modules/dates";

export const PRACTICE_CSV_MAX_BYTES = 10 * 1024 * 1024;
export const MAX_ROW_ERRORS = 50;
const PRACTICE_CODE = /^[A-Z]\d{5}$/;

export type PracticeSize = { row: number; odsCode: string; listSize: number };
export type PracticeSizeFile =
  | { ok: true; sizes: PracticeSize[]; rowErrors: string[]; rowsRead: number; extractDate: DateOnly | null }
  | { ok: false; error: string };

/** Splits one CSV line, honouring quotes ("a, b" stays one cell). */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      cells.push(cell.trim());
      cell = "";
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

/** "20-Mar-2026" or "2026-03-20" (the publication has used both). */
function extractDateOf(text: string): DateOnly | null {
  const iso = parseDateOnly(text);
  if (iso) return iso;
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text);
  if (!match) return null;
  const month = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"].indexOf(match[2].toUpperCase()) + 1;
  return month ? parseDateOnly(`${match[3]}-${String(month).padStart(2, "0")}-${match[1].padStart(2, "0")}`) : null;
}

export function parsePracticeSizes(text: string): PracticeSizeFile {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = csvCells(lines[0] ?? "").map((h) => h.toUpperCase());
  const codeAt = header.findIndex((h) => h === "CODE" || h === "ODS CODE" || h === "PRACTICE_CODE");
  const sizeAt = header.findIndex((h) => h === "NUMBER_OF_PATIENTS" || h === "PRACTICE LIST SIZE");
  if (codeAt < 0 || sizeAt < 0) {
    return { ok: false, error: "The file must have a CODE column and a NUMBER_OF_PATIENTS column (or “ODS code” and “Practice list size”)" };
  }
  const sexAt = header.indexOf("SEX");
  const ageAt = header.indexOf("AGE");
  const typeAt = header.indexOf("TYPE");
  const dateAt = header.indexOf("EXTRACT_DATE");
  const sizes = new Map<string, PracticeSize>();
  const rowErrors: string[] = [];
  let rowsRead = 0;
  let extractDate: DateOnly | null = null;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    rowsRead++;
    const row = i + 1;
    const cells = csvCells(lines[i]);
    // Breakdowns by sex and age are not list sizes; only the ALL/ALL totals are.
    if (sexAt >= 0 && (cells[sexAt] ?? "").toUpperCase() !== "ALL") continue;
    if (ageAt >= 0 && (cells[ageAt] ?? "").toUpperCase() !== "ALL") continue;
    if (typeAt >= 0 && (cells[typeAt] ?? "").toUpperCase() !== "GP") continue;
    if (dateAt >= 0 && extractDate === null) extractDate = extractDateOf(cells[dateAt] ?? "");
    const code = (cells[codeAt] ?? "").toUpperCase();
    const size = (cells[sizeAt] ?? "").replace(/,/g, "");
    if (!PRACTICE_CODE.test(code)) {
      rowErrors.push(`Row ${row}: “${code.slice(0, 20)}” is not a GP practice ODS code (a letter and 5 digits, like A81001)`);
    } else if (!/^\d{1,7}$/.test(size)) {
      rowErrors.push(`Row ${row}: the number of patients for ${code} must be a whole number, like 8500`);
    } else if (sizes.has(code)) {
      rowErrors.push(`Row ${row}: ${code} appears more than once; the first row was used`);
    } else {
      sizes.set(code, { row, odsCode: code, listSize: Number(size) });
    }
  }
  if (rowsRead === 0) return { ok: false, error: "The file has no rows below its header" };
  return { ok: true, sizes: [...sizes.values()], rowErrors, rowsRead, extractDate };
}
