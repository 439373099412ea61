-- CreateEnum
CREATE TYPE "InvoiceState" AS ENUM ('OPEN', 'PAID', 'PAYMENT_FAILED', 'VOID');

-- AlterTable
ALTER TABLE "contracts" ADD COLUMN     "subscription_ended_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "contract_invoices" (
    "id" TEXT NOT NULL,
    "contract_id" TEXT NOT NULL,
    "order_id" TEXT,
    "state" "InvoiceState" NOT NULL DEFAULT 'OPEN',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contract_invoices_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "contract_invoices_contract_id_idx" ON "contract_invoices"("contract_id");

-- AddForeignKey
ALTER TABLE "contract_invoices" ADD CONSTRAINT "contract_invoices_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
