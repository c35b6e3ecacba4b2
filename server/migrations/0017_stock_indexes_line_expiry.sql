DROP INDEX "reservation_lines_item_idx";--> statement-breakpoint
ALTER TABLE "reservation_lines" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
UPDATE "reservation_lines" l SET "expires_at" = r."expires_at" FROM "reservations" r WHERE r."id" = l."reservation_id";--> statement-breakpoint
ALTER TABLE "reservation_lines" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "reservation_lines_holding_idx" ON "reservation_lines" USING btree ("product_id","location_id","expires_at") WHERE "reservation_lines"."released_at" is null;--> statement-breakpoint
CREATE INDEX "stock_balances_location_idx" ON "stock_balances" USING btree ("location_id","tenant_id");
