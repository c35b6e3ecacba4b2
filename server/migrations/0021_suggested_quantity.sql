ALTER TABLE "replenishment_suggestions" ADD COLUMN "suggested_quantity" numeric;--> statement-breakpoint
UPDATE "replenishment_suggestions" SET "suggested_quantity" = "quantity" WHERE "status" <> 'APPROVED';
