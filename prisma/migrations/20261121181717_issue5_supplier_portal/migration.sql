-- AlterTable
ALTER TABLE "evidence_documents" ADD COLUMN     "assured_on" DATE,
ADD COLUMN     "certificate_number" TEXT,
ADD COLUMN     "expires_on" DATE,
ADD COLUMN     "reviewed_at" TIMESTAMPTZ(3),
ADD COLUMN     "reviewed_by_id" TEXT;

-- AlterTable
ALTER TABLE "listing_revisions" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
