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
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= MAX_FIELD_BYTES) text += new TextDecoder().decode(chunk, { stream: true });
    }
    return size <= MAX_FIELD_BYTES ? text : undefined;
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
