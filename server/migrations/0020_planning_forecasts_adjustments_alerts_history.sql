CREATE TABLE "buffer_history" (
	"tenant_id" uuid NOT NULL,
	"buffer_id" uuid NOT NULL,
	"date" date NOT NULL,
	"adu" numeric,
	"dlt" numeric,
	"red" numeric,
	"yellow" numeric,
	"green" numeric,
	"top_of_red" numeric,
	"top_of_yellow" numeric,
	"top_of_green" numeric,
	"on_hand" numeric,
	"on_order" numeric,
	"qualified_demand" numeric,
	"net_flow" numeric,
	"net_flow_percent" numeric,
	"planning_priority" text,
	"on_hand_alert" text,
	CONSTRAINT "buffer_history_buffer_id_date_pk" PRIMARY KEY("buffer_id","date")
);
--> statement-breakpoint
CREATE TABLE "demand_forecasts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"quantity" numeric NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planned_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"buffer_id" uuid,
	"product_category" text,
	"location_id" uuid,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"demand_factor" numeric DEFAULT '1' NOT NULL,
	"lead_time_factor" numeric DEFAULT '1' NOT NULL,
	"red_factor" numeric DEFAULT '1' NOT NULL,
	"yellow_factor" numeric DEFAULT '1' NOT NULL,
	"green_factor" numeric DEFAULT '1' NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planning_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"buffer_id" uuid,
	"product_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"supply_order_id" uuid,
	"message" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'OPEN' NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "lead_time_days" integer;--> statement-breakpoint
ALTER TABLE "buffers" ADD COLUMN "adu_future_horizon_days" integer;--> statement-breakpoint
ALTER TABLE "buffers" ADD COLUMN "adu_past_weight" numeric DEFAULT '0.5' NOT NULL;--> statement-breakpoint
ALTER TABLE "buffers" ADD COLUMN "source_location_id" uuid;--> statement-breakpoint
ALTER TABLE "buffers" ADD COLUMN "incoming_safety_factor" numeric DEFAULT '1' NOT NULL;--> statement-breakpoint
ALTER TABLE "buffers" ADD COLUMN "order_trigger" text DEFAULT 'below' NOT NULL;--> statement-breakpoint
ALTER TABLE "buffers" ADD COLUMN "long_term_supply" numeric;--> statement-breakpoint
ALTER TABLE "buffers" ADD COLUMN "propagated_adu" numeric;--> statement-breakpoint
ALTER TABLE "buffers" ADD COLUMN "applied_factors" jsonb;--> statement-breakpoint
ALTER TABLE "replenishment_suggestions" ADD COLUMN "batches" jsonb;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD COLUMN "source_location_id" uuid;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD COLUMN "origin" text DEFAULT 'approved' NOT NULL;--> statement-breakpoint
ALTER TABLE "buffer_history" ADD CONSTRAINT "buffer_history_buffer_id_buffers_id_fk" FOREIGN KEY ("buffer_id") REFERENCES "public"."buffers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_forecasts" ADD CONSTRAINT "demand_forecasts_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_forecasts" ADD CONSTRAINT "demand_forecasts_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planned_adjustments" ADD CONSTRAINT "planned_adjustments_buffer_id_buffers_id_fk" FOREIGN KEY ("buffer_id") REFERENCES "public"."buffers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planned_adjustments" ADD CONSTRAINT "planned_adjustments_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_alerts" ADD CONSTRAINT "planning_alerts_buffer_id_buffers_id_fk" FOREIGN KEY ("buffer_id") REFERENCES "public"."buffers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_alerts" ADD CONSTRAINT "planning_alerts_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_alerts" ADD CONSTRAINT "planning_alerts_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planning_alerts" ADD CONSTRAINT "planning_alerts_supply_order_id_supply_orders_id_fk" FOREIGN KEY ("supply_order_id") REFERENCES "public"."supply_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "buffer_history_tenant_date_idx" ON "buffer_history" USING btree ("tenant_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "demand_forecasts_item_start_uq" ON "demand_forecasts" USING btree ("tenant_id","product_id","location_id","start_date");--> statement-breakpoint
CREATE INDEX "demand_forecasts_tenant_dates_idx" ON "demand_forecasts" USING btree ("tenant_id","end_date");--> statement-breakpoint
CREATE INDEX "planned_adjustments_tenant_dates_idx" ON "planned_adjustments" USING btree ("tenant_id","end_date");--> statement-breakpoint
CREATE UNIQUE INDEX "planning_alerts_open_key_uq" ON "planning_alerts" USING btree ("tenant_id","key") WHERE "planning_alerts"."status" = 'OPEN';--> statement-breakpoint
CREATE INDEX "planning_alerts_tenant_status_idx" ON "planning_alerts" USING btree ("tenant_id","status","kind");--> statement-breakpoint
CREATE INDEX "planning_alerts_buffer_idx" ON "planning_alerts" USING btree ("buffer_id");--> statement-breakpoint
ALTER TABLE "buffers" ADD CONSTRAINT "buffers_source_location_id_locations_id_fk" FOREIGN KEY ("source_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD CONSTRAINT "supply_orders_source_location_id_locations_id_fk" FOREIGN KEY ("source_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_forecasts" ADD CONSTRAINT "demand_forecasts_range_ck" CHECK ("end_date" >= "start_date" AND "quantity" >= 0);--> statement-breakpoint
ALTER TABLE "planned_adjustments" ADD CONSTRAINT "planned_adjustments_range_ck" CHECK ("end_date" >= "start_date");--> statement-breakpoint
ALTER TABLE "planned_adjustments" ADD CONSTRAINT "planned_adjustments_scope_ck" CHECK ("buffer_id" IS NOT NULL OR "product_category" IS NOT NULL OR "location_id" IS NOT NULL);--> statement-breakpoint
SELECT flujo_tenant_rls('demand_forecasts');--> statement-breakpoint
SELECT flujo_tenant_rls('planned_adjustments');--> statement-breakpoint
SELECT flujo_tenant_rls('planning_alerts');--> statement-breakpoint
SELECT flujo_tenant_rls('buffer_history');
