/**
 * A strict reader for the service recipients CSV an ICB buyer uploads: one column headed
 * "ODS code", one GP practice ODS code per row. Everything else is refused with a message a
 * person can act on, row by row where the problem is in a row. Checks that need the
 * database (is this a practice we know, is it in this ICB) are the caller's.
 */

export const CSV_MAX_BYTES = 1024 * 1024;
export const CSV_MAX_ROWS = 1000;
export const CSV_HEADER = "ODS code";
/** Row errors beyond this are summarised, so the error summary stays readable. */
export const CSV_MAX_ROW_ERRORS = 20;

// Browsers and operating systems label CSV files in different ways; Windows often as Excel.
const CSV_TYPES = new Set(["text/csv", "application/csv", "text/plain", "application/vnd.ms-excel", "text/x-csv", "application/octet-stream", ""]);
const PRACTICE_CODE = /^[A-Z]\d{5}$/;

export type CsvRow = { row: number; code: string };
export type CsvResult = { ok: true; rows: CsvRow[] } | { ok: false; errors: string[] };

const refuse = (...errors: string[]): CsvResult => ({ ok: false, errors });

function cell(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).replace(/""/g, '"').trim() : trimmed;
}

export function parseRecipientsCsv(file: { name: string; type: string; bytes: Uint8Array }): CsvResult {
  if (file.bytes.length === 0) return refuse("The selected file is empty");
  if (file.bytes.length > CSV_MAX_BYTES) return refuse("The selected file must be smaller than 1 MB");
  if (!/\.csv$/i.test(file.name) || !CSV_TYPES.has(file.type.toLowerCase())) return refuse("The selected file must be a CSV");

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(file.bytes);
  } catch {
    return refuse("The selected file must be a CSV: it is not a text file");
  }
  // Control characters other than tab and line breaks mean a binary file renamed to .csv.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) return refuse("The selected file must be a CSV: it is not a text file");
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  if (lines.length === 0) return refuse("The selected file is empty");

  const header = lines[0].split(",").map(cell);
  if (header.length !== 1 || header[0].toLowerCase() !== CSV_HEADER.toLowerCase()) {
    return refuse(`The selected file must have one column, headed "${CSV_HEADER}"`);
  }
  const dataRows = lines.length - 1;
  if (dataRows === 0) return refuse("The selected file has no ODS codes under its heading");
  if (dataRows > CSV_MAX_ROWS) {
    return refuse(`The selected file has ${dataRows.toLocaleString("en-GB")} rows: upload ${CSV_MAX_ROWS.toLocaleString("en-GB")} rows or fewer`);
  }

  const errors: string[] = [];
  const rows: CsvRow[] = [];
  const firstRowOf = new Map<string, number>();
  lines.slice(1).forEach((line, index) => {
    const row = index + 2; // spreadsheet numbering: the heading is row 1
    const cells = line.split(",").map(cell);
    const code = cells[0].toUpperCase();
    if (cells.length > 1 && cells.slice(1).some((c) => c !== "")) errors.push(`Row ${row}: put one ODS code per row, with nothing else`);
    else if (code === "") errors.push(`Row ${row} is empty: enter an ODS code or delete the row`);
    else if (!PRACTICE_CODE.test(code)) errors.push(`Row ${row}: "${code.slice(0, 20)}" is not a GP practice ODS code (a letter and 5 digits, like A81001)`);
    else if (firstRowOf.has(code)) errors.push(`Row ${row}: ${code} is already in row ${firstRowOf.get(code)}`);
    else {
      firstRowOf.set(code, row);
      rows.push({ row, code });
    }
  });
  return errors.length > 0 ? { ok: false, errors: limitErrors(errors) } : { ok: true, rows };
}

export function limitErrors(errors: string[]): string[] {
  if (errors.length <= CSV_MAX_ROW_ERRORS) return errors;
  return [...errors.slice(0, CSV_MAX_ROW_ERRORS), `and ${errors.length - CSV_MAX_ROW_ERRORS} more rows with problems`];
}
