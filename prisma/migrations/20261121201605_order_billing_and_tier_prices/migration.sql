-- AlterTable
ALTER TABLE "order_items" ADD COLUMN     "agreed_tier_prices" DECIMAL(18,4)[] DEFAULT ARRAY[]::DECIMAL(18,4)[];

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "billed_at" TIMESTAMPTZ(3);
