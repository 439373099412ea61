import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { uploadStorage, type SaveResult } from "./index.server";

/** Small text fields only: anything bigger in a non-file part is refused. */
const MAX_FIELD_BYTES = 10_000;

export type ParsedUpload = { fields: FormData; file: { name: string; result: SaveResult } | null };

/**
 * Reads a multipart form, streaming the part named `fileField` straight into upload storage
 * with a size limit (never buffering the file), and keeping the other parts as text fields.
 */
export async function parseUploadForm(request: Request, fileField: string, maxBytes: number): Promise<ParsedUpload> {
  let file: ParsedUpload["file"] = null;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (name === fileField && filename !== undefined) {
      const result = await uploadStorage().save(data, { maxBytes });
      // A second file part is ignored, but still read so the stream moves on.
      if (file) {
        if (result.ok) await uploadStorage().remove(result.key);
        return undefined;
      }
      file = { name: filename, result };
      return result.ok ? result.key : "";
    }
    let text = "";
    let size = 0;
    // One decoder per field, so a character split across chunks is decoded whole.
    const decoder = new TextDecoder();
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= MAX_FIELD_BYTES) text += decoder.decode(chunk, { stream: true });
    }
    return size <= MAX_FIELD_BYTES ? text + decoder.decode() : undefined;
  };
  const fields = await unstable_parseMultipartFormData(request, handler);
  return { fields, file };
}

/**
 * A declared body far over the limit is refused before anything is read. (The CSRF check reads
 * the form, so without this a huge upload would be read whole before the size limit applied.)
 */
export function declaredBodyTooLarge(request: Request, maxBytes: number): boolean {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  return !Number.isFinite(declared) || declared > maxBytes + 64 * 1024;
}

/** How much of a refused body is read for its text fields: far more than any evidence form sends. */
const MAX_FIELDS_BEFORE_FILE = 64 * 1024;

class StopReading extends Error {}

/**
 * The text fields sent before the file part of a body that is refused as too large, so the
 * person's other answers can be shown again. Forms put the file input last, so browsers send
 * the text first; reading stops at the file part (or after 64 KB), and the file is never read.
 */
export async function readFieldsBeforeFile(request: Request): Promise<FormData> {
  const fields = new FormData();
  let read = 0;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (filename !== undefined) throw new StopReading();
    let text = "";
    const decoder = new TextDecoder();
    for await (const chunk of data) {
      read += chunk.byteLength;
      if (read > MAX_FIELDS_BEFORE_FILE) throw new StopReading();
      text += decoder.decode(chunk, { stream: true });
    }
    if (text.length <= MAX_FIELD_BYTES) fields.append(name, text + decoder.decode());
    return undefined;
  };
  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch {
    // StopReading, or a malformed body: what was read before is enough, as it is only shown back.
  }
  return fields;
}

/** The named text answers of a parsed form, capped so nothing huge is echoed back to the page. */
export function answerValues(fields: FormData, names: readonly string[], maxLength = 200): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, String(fields.get(name) ?? "").slice(0, maxLength)]));
}
