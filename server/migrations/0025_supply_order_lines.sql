ALTER TABLE "supply_orders" DROP COLUMN "buffer_id";--> statement-breakpoint
ALTER TABLE "supply_orders" DROP COLUMN "product_id";--> statement-breakpoint
ALTER TABLE "supply_orders" DROP COLUMN "quantity";