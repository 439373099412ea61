import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCells, parsePracticeSizes } from "./practice-sizes";

const NHS_FILE = [
  "PUBLICATION,EXTRACT_DATE,TYPE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS",
  "GP_PRAC_PAT_LIST,01-Mar-2026,GP,A81001,TS18 1HU,ALL,ALL,4123",
  "GP_PRAC_PAT_LIST,01-Mar-2026,GP,A81001,TS18 1HU,MALE,ALL,2001",
  "GP_PRAC_PAT_LIST,01-Mar-2026,GP,a81002,TS18 2AT,ALL,ALL,\"12,456\"",
  "GP_PRAC_PAT_LIST,01-Mar-2026,GP,QE1,,ALL,ALL,100",
  "GP_PRAC_PAT_LIST,01-Mar-2026,GP,A81003,,ALL,ALL,lots",
  "GP_PRAC_PAT_LIST,01-Mar-2026,GP,A81001,,ALL,ALL,9",
  "",
].join("\r\n");

describe("the NHS practice-size CSV", () => {
  it("reads the ALL/ALL totals and reports every bad row by number", () => {
    const result = parsePracticeSizes(NHS_FILE);
    expect(result).toMatchObject({
      ok: true,
      rowsRead: 6,
      extractDate: "2026-03-01",
      sizes: [
        { row: 2, odsCode: "A81001", listSize: 4123 },
        { row: 4, odsCode: "A81002", listSize: 12456 },
      ],
    });
    if (!result.ok) return;
    expect(result.rowErrors).toEqual([
      "Row 5: “QE1” is not a GP practice ODS code (a letter and 5 digits, like A81001)",
      "Row 6: the number of patients for A81003 must be a whole number, like 8500",
      "Row 7: A81001 appears more than once; the first row was used",
    ]);
  });

  it("accepts the simple two-column file and refuses files without the columns", () => {
    expect(parsePracticeSizes("ODS code,Practice list size\nP81001,8000\n")).toMatchObject({ ok: true, sizes: [{ odsCode: "P81001", listSize: 8000 }] });
    expect(parsePracticeSizes("name,size\nx,1")).toMatchObject({ ok: false });
    expect(parsePracticeSizes("CODE,NUMBER_OF_PATIENTS\n")).toEqual({ ok: false, error: "The file has no rows below its header" });
  });

  it("never throws on any text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = parsePracticeSizes(`CODE,NUMBER_OF_PATIENTS\n${text}`);
        expect(typeof result.ok).toBe("boolean");
      }),
    );
    expect(csvCells('a,"b, c",""')).toEqual(["a", "b, c", ""]);
  });
});
