CREATE TABLE "adu_exclusions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"movement_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "adu_exclusions" ADD CONSTRAINT "adu_exclusions_movement_id_stock_movements_id_fk" FOREIGN KEY ("movement_id") REFERENCES "public"."stock_movements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adu_exclusions" ADD CONSTRAINT "adu_exclusions_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adu_exclusions" ADD CONSTRAINT "adu_exclusions_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "adu_exclusions_tenant_movement_uq" ON "adu_exclusions" USING btree ("tenant_id","movement_id");--> statement-breakpoint
CREATE INDEX "adu_exclusions_tenant_item_idx" ON "adu_exclusions" USING btree ("tenant_id","product_id","location_id");--> statement-breakpoint
SELECT flujo_tenant_rls('adu_exclusions');
