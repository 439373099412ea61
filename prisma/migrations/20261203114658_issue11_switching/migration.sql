-- CreateEnum
CREATE TYPE "SwitchStatus" AS ENUM ('REQUESTED', 'SCHEDULED', 'LIVE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SwitchParty" AS ENUM ('OUTGOING_SUPPLIER', 'INCOMING_SUPPLIER', 'BUYER');

-- CreateEnum
CREATE TYPE "SwitchTaskKind" AS ENUM ('DATA_EXTRACT', 'DATA_MIGRATION', 'GO_LIVE', 'BUYER_CONFIRMATION');

-- CreateTable
CREATE TABLE "contract_switches" (
    "id" TEXT NOT NULL,
    "contract_id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "outgoing_supplier_id" INTEGER NOT NULL,
    "incoming_supplier_id" INTEGER NOT NULL,
    "incoming_solution_id" TEXT NOT NULL,
    "switch_date" DATE NOT NULL,
    "parallel_run_days" INTEGER NOT NULL DEFAULT 0,
    "old_contract_last_day" DATE NOT NULL,
    "early_end_reason" TEXT,
    "status" "SwitchStatus" NOT NULL DEFAULT 'REQUESTED',
    "requested_by_id" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scheduled_at" TIMESTAMPTZ(3),
    "live_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "contract_switches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "switch_tasks" (
    "id" TEXT NOT NULL,
    "switch_id" TEXT NOT NULL,
    "kind" "SwitchTaskKind" NOT NULL,
    "owner" "SwitchParty" NOT NULL,
    "sequence" INTEGER NOT NULL,
    "due_on" DATE NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    "completed_by_id" TEXT,
    "note" TEXT,
    "overdue_notified_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "switch_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "contract_switches_order_id_key" ON "contract_switches"("order_id");

-- CreateIndex
CREATE INDEX "contract_switches_contract_id_idx" ON "contract_switches"("contract_id");

-- CreateIndex
CREATE INDEX "contract_switches_organisation_id_status_idx" ON "contract_switches"("organisation_id", "status");

-- CreateIndex
CREATE INDEX "contract_switches_outgoing_supplier_id_status_idx" ON "contract_switches"("outgoing_supplier_id", "status");

-- CreateIndex
CREATE INDEX "contract_switches_incoming_supplier_id_status_idx" ON "contract_switches"("incoming_supplier_id", "status");

-- CreateIndex
CREATE INDEX "contract_switches_status_requested_at_idx" ON "contract_switches"("status", "requested_at");

-- CreateIndex
CREATE INDEX "switch_tasks_completed_at_due_on_idx" ON "switch_tasks"("completed_at", "due_on");

-- CreateIndex
CREATE UNIQUE INDEX "switch_tasks_switch_id_kind_key" ON "switch_tasks"("switch_id", "kind");

-- AddForeignKey
ALTER TABLE "contract_switches" ADD CONSTRAINT "contract_switches_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_switches" ADD CONSTRAINT "contract_switches_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_switches" ADD CONSTRAINT "contract_switches_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_switches" ADD CONSTRAINT "contract_switches_outgoing_supplier_id_fkey" FOREIGN KEY ("outgoing_supplier_id") REFERENCES "suppliers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_switches" ADD CONSTRAINT "contract_switches_incoming_supplier_id_fkey" FOREIGN KEY ("incoming_supplier_id") REFERENCES "suppliers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_switches" ADD CONSTRAINT "contract_switches_incoming_solution_id_fkey" FOREIGN KEY ("incoming_solution_id") REFERENCES "catalogue_items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_switches" ADD CONSTRAINT "contract_switches_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "switch_tasks" ADD CONSTRAINT "switch_tasks_switch_id_fkey" FOREIGN KEY ("switch_id") REFERENCES "contract_switches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "switch_tasks" ADD CONSTRAINT "switch_tasks_completed_by_id_fkey" FOREIGN KEY ("completed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
