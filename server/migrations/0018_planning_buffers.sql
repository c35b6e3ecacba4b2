CREATE TABLE "buffer_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"item_type" text NOT NULL,
	"lead_time_class" text NOT NULL,
	"variability_class" text NOT NULL,
	"replenish_method" text DEFAULT 'replenish' NOT NULL,
	"lead_time_factor" numeric NOT NULL,
	"variability_factor" numeric NOT NULL,
	"is_standard" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "buffers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"profile_id" uuid NOT NULL,
	"adu_method" text DEFAULT 'past' NOT NULL,
	"adu_fixed" numeric,
	"adu_horizon_days" integer DEFAULT 90 NOT NULL,
	"dlt_days" numeric,
	"extra_lead_time_days" numeric DEFAULT '0' NOT NULL,
	"order_cycle_days" numeric DEFAULT '0' NOT NULL,
	"spike_horizon_days" integer,
	"spike_threshold_pct" numeric DEFAULT '50' NOT NULL,
	"spike_threshold" numeric,
	"qty_multiple" numeric DEFAULT '1' NOT NULL,
	"multiple_tolerance_pct" numeric DEFAULT '0' NOT NULL,
	"min_batch" numeric DEFAULT '0' NOT NULL,
	"max_batch" numeric,
	"storage_capacity" numeric,
	"red_override" numeric,
	"yellow_override" numeric,
	"green_override" numeric,
	"auto_procure" text DEFAULT 'never' NOT NULL,
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
	"recommended_qty" numeric,
	"calculated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "buffers" ADD CONSTRAINT "buffers_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buffers" ADD CONSTRAINT "buffers_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buffers" ADD CONSTRAINT "buffers_profile_id_buffer_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."buffer_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "buffer_profiles_tenant_name_uq" ON "buffer_profiles" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "buffers_tenant_item_uq" ON "buffers" USING btree ("tenant_id","product_id","location_id");--> statement-breakpoint
CREATE INDEX "buffers_tenant_priority_idx" ON "buffers" USING btree ("tenant_id","planning_priority","net_flow_percent");--> statement-breakpoint
CREATE INDEX "buffers_item_idx" ON "buffers" USING btree ("product_id","location_id");--> statement-breakpoint
SELECT flujo_tenant_rls('buffer_profiles');--> statement-breakpoint
SELECT flujo_tenant_rls('buffers');
