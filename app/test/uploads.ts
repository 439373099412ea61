import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { localDiskStorage, setUploadStorage } from "~/services/storage/index.server";

/** Points upload storage at a fresh temporary folder for this test file; returns the folder. */
export function useTemporaryUploads(prefix: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  setUploadStorage(localDiskStorage(root));
  return root;
}

/** An upload's body as the multipart parser hands it to storage. */
export async function* chunks(...parts: (string | Buffer)[]) {
  for (const part of parts) yield typeof part === "string" ? Buffer.from(part) : part;
}
