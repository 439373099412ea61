import { parseMultipartRequest, type MultipartPart } from "@remix-run/multipart-parser";
import { hasInvalidText, isSizeLimit } from "~/utils/form-body.server";
import { uploadStorage, type SaveResult } from "./index.server";

/**
 * Upload forms, read with Remix's maintained multipart parser (@remix-run/multipart-parser,
 * the successor of the deprecated unstable_parseMultipartFormData). It reads each part with
 * a size limit; a file part is held in memory only up to the form's maximum (10 MB for
 * evidence, 1 MB for CSVs) and then handed to storage or the caller.
 *
 * Nothing here throws for what a client sent: a malformed body, a file over the limit or
 * text PostgreSQL cannot store comes back as `ok: false` with a reason and the text answers
 * read before the problem, so the page can say what went wrong and keep what was typed.
 * File names are whatever the browser sent (quotes, semicolons, accents, RFC 5987
 * `filename*`), reduced to a plain base name.
 */

/** Small text fields only: a bigger non-file part is dropped, not kept. */
const MAX_FIELD_BYTES = 10_000;
/** How much of a body refused as too large is read for its text fields: far more than any upload form sends. */
const MAX_FIELDS_BEFORE_FILE = 64 * 1024;
const MAX_PARTS = 100;

export type UploadProblem = "too-large" | "malformed" | "invalid-text";

export type MultipartForm<F> =
  | { ok: true; fields: FormData; file: F | null }
  | { ok: false; reason: UploadProblem; fields: FormData };

/** What the upload pages say for each problem; "too-large" is the page's own (it knows its limit). */
export const UPLOAD_PROBLEMS: Record<Exclude<UploadProblem, "too-large">, string> = {
  malformed: "The file could not be uploaded. Choose the file again and try again.",
  "invalid-text": "An answer contains a character that cannot be saved (NUL). Remove it and try again.",
};

/** A plain base name: no folders (old browsers sent the whole path), no control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  return base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 255);
}

/**
 * The one reader of multipart bodies: text parts become fields, the first part named
 * `fileField` that carries a file goes to `onFile`, other files are skipped.
 */
async function readMultipartForm<F>(
  request: Request,
  fileField: string,
  maxPartBytes: number,
  onFile: (part: MultipartPart, name: string) => Promise<F>,
  discard: (file: F) => Promise<void> = async () => {},
): Promise<MultipartForm<F>> {
  const fields = new FormData();
  let file: F | null = null;
  try {
    const parts = parseMultipartRequest(request, { maxFileSize: maxPartBytes, maxTotalSize: maxPartBytes + MAX_FIELDS_BEFORE_FILE, maxParts: MAX_PARTS });
    for await (const part of parts) {
      const name = part.name ?? "";
      if (part.isFile) {
        // A file input left empty still sends a part with no name and no bytes.
        if (name === fileField && file === null && part.size > 0) file = await onFile(part, cleanFileName(part.filename ?? ""));
        continue;
      }
      if (part.size > MAX_FIELD_BYTES) continue;
      const text = part.text;
      if (hasInvalidText(name) || hasInvalidText(text)) return await refused("invalid-text");
      fields.append(name, text);
    }
  } catch (error) {
    return await refused(isSizeLimit(error) ? "too-large" : "malformed");
  }
  return { ok: true, fields, file };

  // A file already kept is not left behind by a form that is refused after it.
  async function refused(reason: UploadProblem): Promise<MultipartForm<F>> {
    if (file !== null) await discard(file);
    return { ok: false, reason, fields };
  }
}

async function* chunksOf(part: MultipartPart) {
  yield* part.content;
}

export type StoredFile = { name: string; result: SaveResult };

/** An evidence upload: the file streamed into upload storage (services/storage), the rest as fields. */
export function parseUploadForm(request: Request, fileField: string, maxBytes: number): Promise<MultipartForm<StoredFile>> {
  return readMultipartForm(
    request,
    fileField,
    maxBytes,
    async (part, name) => ({ name, result: await uploadStorage().save(chunksOf(part), { maxBytes }) }),
    async ({ result }) => {
      if (result.ok) await uploadStorage().remove(result.key);
    },
  );
}

export type FileInMemory = { name: string; type: string; bytes: Uint8Array };

/** A small upload (a CSV) read into memory. */
export function parseSmallUploadForm(request: Request, fileField: string, maxBytes: number): Promise<MultipartForm<FileInMemory>> {
  return readMultipartForm(request, fileField, maxBytes, async (part, name) => ({ name, type: part.mediaType ?? "", bytes: part.bytes }));
}

/**
 * A declared body far over the limit is refused before the file is read; `readFieldsBeforeFile`
 * then reads only the answers sent before it, to show them again.
 */
export function declaredBodyTooLarge(request: Request, maxBytes: number): boolean {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  return !Number.isFinite(declared) || declared > maxBytes + MAX_FIELDS_BEFORE_FILE;
}

/**
 * The text fields sent before the file part of a body that is refused as too large, so the
 * person's other answers can be shown again. Forms put the file input last, so browsers send
 * the text first; reading stops in the file part (after 64 KB of it at most), and the file is never kept.
 */
export async function readFieldsBeforeFile(request: Request): Promise<FormData> {
  return (await readMultipartForm(request, "", MAX_FIELDS_BEFORE_FILE, async () => null)).fields;
}

/** The named text answers of a parsed form, capped so nothing huge is echoed back to the page. */
export function answerValues(fields: FormData, names: readonly string[], maxLength = 200): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, String(fields.get(name) ?? "").slice(0, maxLength)]));
}
