import {
  getMultipartBoundary,
  MaxFileSizeExceededError,
  MaxHeaderSizeExceededError,
  MaxPartsExceededError,
  MaxTotalSizeExceededError,
  parseMultipartRequest,
} from "@remix-run/multipart-parser";

/**
 * Every form post is read once here before its action sees it: by the CSRF check that every
 * action's guard runs (auth.server.ts). So whatever a route does with `request.formData()`
 * afterwards, it only ever gets a body that is a form, of a sane size, whose text PostgreSQL
 * can store. Bad bodies become 4xx responses with a message, never a 500:
 *
 * - 415 for anything but application/x-www-form-urlencoded or multipart/form-data (with a
 *   boundary), and for files sent to a form that takes none;
 * - 413 for a form over MAX_FORM_BYTES (files apart), or with more than MAX_FORM_FIELDS fields;
 * - 400 for a body that cannot be parsed, or text containing NUL (U+0000), which PostgreSQL
 *   text cannot hold and no person types.
 *
 * A form that takes files (`acceptsFiles`) is read only as far as its CSRF token, which the
 * app's forms send first; the upload parser (services/storage/multipart.server.ts) checks the
 * rest as it streams. So the check never holds a whole upload in memory.
 */
export const MAX_FORM_BYTES = 1024 * 1024;
export const MAX_FORM_FIELDS = 1_000;
/** How far into a form that takes files the CSRF token may be. */
const MAX_BYTES_BEFORE_TOKEN = 64 * 1024;
const MAX_PART_HEADER_BYTES = 8 * 1024;

export const CSRF_FIELD = "csrf";

export type FormKind = "urlencoded" | "multipart";

/** The form encoding the request declares, or null for anything else. */
export function formKindOf(request: Request): FormKind | null {
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (mediaType === "application/x-www-form-urlencoded") return "urlencoded";
  if (mediaType === "multipart/form-data") return "multipart";
  return null;
}

/** Text PostgreSQL cannot store. */
export const hasInvalidText = (value: string) => value.includes("\u0000");

export function refusal(status: 400 | 404 | 411 | 413 | 414 | 415, message: string): Response {
  const statusText = { 400: "Bad Request", 404: "Not Found", 411: "Length Required", 413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type" }[status];
  return new Response(message, { status, statusText, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export const MESSAGES = {
  notAForm: "This address takes form posts only (application/x-www-form-urlencoded or multipart/form-data).",
  noFiles: "This form does not take files.",
  tooLarge: "The form is too large to be sent.",
  unreadable: "The form could not be read. Go back, check your answers and try again.",
  invalidText: "The form contains a character that cannot be saved (NUL). Remove it and try again.",
};

/**
 * Reads a clone of the form post (the action still reads the original), checks it as above
 * and returns the CSRF token it carries, or null when it carries none.
 */
export async function csrfTokenOfForm(request: Request, { acceptsFiles = false }: { acceptsFiles?: boolean } = {}): Promise<string | null> {
  const kind = formKindOf(request);
  if (!kind) throw refusal(415, MESSAGES.notAForm);
  const declared = Number(request.headers.get("content-length"));
  if (!acceptsFiles && Number.isFinite(declared) && declared > MAX_FORM_BYTES) throw await refusedUnread(request, refusal(413, MESSAGES.tooLarge));
  const clone = request.clone();
  try {
    return kind === "urlencoded" ? await tokenOfUrlEncoded(clone) : await tokenOfMultipart(clone, acceptsFiles);
  } catch (error) {
    if (error instanceof Response && error.status === 413) {
      clone.body?.cancel().catch(() => {});
      throw await refusedUnread(request, error);
    }
    throw error;
  } finally {
    // Whatever was not read stays unread: the original request keeps its own copy. (Not
    // awaited: cancelling one branch of a tee settles only once the other is done too.)
    clone.body?.cancel().catch(() => {});
  }
}

/** How much of a refused body is read and thrown away, so the client sees the answer rather than a reset connection. */
const MAX_DISCARDED_BYTES = 8 * 1024 * 1024;

/**
 * A refusal sent before the body was read: the rest of the body (up to 8 MB) is read and
 * discarded first, as a client still sending would otherwise see its connection reset
 * instead of the 413. Beyond that the connection is closed.
 */
export async function refusedUnread(request: Request, response: Response): Promise<Response> {
  let read = 0;
  try {
    if (request.body && !request.bodyUsed) {
      for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
        read += chunk.byteLength;
        if (read > MAX_DISCARDED_BYTES) break;
      }
    }
  } catch {
    // The client went away: nobody to answer.
  }
  if (read > MAX_DISCARDED_BYTES) response.headers.set("Connection", "close");
  return response;
}

async function tokenOfUrlEncoded(clone: Request): Promise<string | null> {
  const bytes = await readAtMost(clone, MAX_FORM_BYTES);
  const fields = new URLSearchParams(new TextDecoder().decode(bytes));
  let count = 0;
  for (const [name, value] of fields) {
    if (++count > MAX_FORM_FIELDS) throw refusal(413, MESSAGES.tooLarge);
    if (hasInvalidText(name) || hasInvalidText(value)) throw refusal(400, MESSAGES.invalidText);
  }
  return fields.get(CSRF_FIELD);
}

async function tokenOfMultipart(clone: Request, acceptsFiles: boolean): Promise<string | null> {
  if (!getMultipartBoundary(clone.headers.get("content-type") ?? "")) throw refusal(400, MESSAGES.unreadable);
  const limit = acceptsFiles ? MAX_BYTES_BEFORE_TOKEN : MAX_FORM_BYTES;
  let token: string | null = null;
  try {
    for await (const part of parseMultipartRequest(clone, { maxHeaderSize: MAX_PART_HEADER_BYTES, maxFileSize: limit, maxTotalSize: limit, maxParts: MAX_FORM_FIELDS })) {
      if (part.isFile) {
        if (!acceptsFiles) throw refusal(415, MESSAGES.noFiles);
        // The token comes before any file in the app's forms; the upload parser checks the rest.
        break;
      }
      const text = part.text;
      if (hasInvalidText(part.name ?? "") || hasInvalidText(text)) throw refusal(400, MESSAGES.invalidText);
      if (part.name === CSRF_FIELD && token === null) {
        token = text;
        if (acceptsFiles) break;
      }
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    if (isSizeLimit(error)) {
      // Past the limit before the token, in a form that takes files: no token where it should be.
      if (acceptsFiles) return token;
      throw refusal(413, MESSAGES.tooLarge);
    }
    throw refusal(400, MESSAGES.unreadable);
  }
  return token;
}

/** The parser's limit errors (its other errors mean the body is malformed). */
export const isSizeLimit = (error: unknown) =>
  error instanceof MaxFileSizeExceededError || error instanceof MaxTotalSizeExceededError || error instanceof MaxPartsExceededError || error instanceof MaxHeaderSizeExceededError;

/** The body's bytes, refusing (413) past `maxBytes` without reading further. */
async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw refusal(413, MESSAGES.tooLarge);
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    throw refusal(400, MESSAGES.unreadable);
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
