import { uploadStorage, toWebStream } from "~/services/storage/index.server";
import type { Actor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { getEvidence } from "./evidence.server";

/**
 * The download of an evidence file, for whoever `getEvidence` lets see it. Always an
 * attachment with nosniff, so a file can never run as a page of this site.
 */
export async function evidenceFileResponse(actor: Actor, id: string): Promise<Response> {
  const document = await getEvidence(db(), actor, id);
  const stream = document ? await uploadStorage().open(document.storageKey) : null;
  if (!document || !stream) return new Response("Not found", { status: 404 });
  const asciiName = document.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
  return new Response(toWebStream(stream), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(document.sizeBytes),
      "Content-Disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(document.fileName)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
