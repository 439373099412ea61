-- AlterTable
ALTER TABLE "outbox_messages" ADD COLUMN     "lease_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "lease_token" TEXT;

-- CreateTable
CREATE TABLE "rate_limit_counters" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rate_limit_counters_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateIndex
CREATE INDEX "rate_limit_counters_expires_at_idx" ON "rate_limit_counters"("expires_at");

-- CreateIndex
CREATE INDEX "outbox_messages_status_lease_expires_at_idx" ON "outbox_messages"("status", "lease_expires_at");

-- CreateIndex
CREATE INDEX "outbox_messages_status_processed_at_idx" ON "outbox_messages"("status", "processed_at");

-- Hand-written (Prisma cannot express UNLOGGED)
-- Rate-limit counters are disposable: no WAL for them (a crash resets the limits, nothing else).
ALTER TABLE "rate_limit_counters" SET UNLOGGED;

