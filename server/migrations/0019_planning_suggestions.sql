CREATE TABLE "replenishment_suggestions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"buffer_id" uuid NOT NULL,
	"status" text DEFAULT 'OPEN' NOT NULL,
	"quantity" numeric NOT NULL,
	"planning_priority" text NOT NULL,
	"net_flow_position" numeric NOT NULL,
	"net_flow_percent" numeric,
	"top_of_green" numeric NOT NULL,
	"supply_order_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "supply_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"buffer_id" uuid,
	"product_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"supplier_id" uuid,
	"quantity" numeric NOT NULL,
	"due_date" text NOT NULL,
	"status" text DEFAULT 'DRAFT' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "replenishment_suggestions" ADD CONSTRAINT "replenishment_suggestions_buffer_id_buffers_id_fk" FOREIGN KEY ("buffer_id") REFERENCES "public"."buffers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replenishment_suggestions" ADD CONSTRAINT "replenishment_suggestions_supply_order_id_supply_orders_id_fk" FOREIGN KEY ("supply_order_id") REFERENCES "public"."supply_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD CONSTRAINT "supply_orders_buffer_id_buffers_id_fk" FOREIGN KEY ("buffer_id") REFERENCES "public"."buffers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD CONSTRAINT "supply_orders_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD CONSTRAINT "supply_orders_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "replenishment_suggestions_one_open_uq" ON "replenishment_suggestions" USING btree ("buffer_id") WHERE "replenishment_suggestions"."status" = 'OPEN';--> statement-breakpoint
CREATE INDEX "replenishment_suggestions_tenant_status_idx" ON "replenishment_suggestions" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "supply_orders_item_idx" ON "supply_orders" USING btree ("tenant_id","product_id","location_id","status");--> statement-breakpoint
SELECT flujo_tenant_rls('supply_orders');--> statement-breakpoint
SELECT flujo_tenant_rls('replenishment_suggestions');
