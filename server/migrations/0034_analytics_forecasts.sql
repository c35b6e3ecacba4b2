CREATE TABLE "analytics_forecast_months" (
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"month" date NOT NULL,
	"quantity" double precision NOT NULL,
	"method" text NOT NULL,
	"demand_class" text NOT NULL,
	"made_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_forecast_months_tenant_id_product_id_location_id_month_pk" PRIMARY KEY("tenant_id","product_id","location_id","month")
);
--> statement-breakpoint
CREATE TABLE "analytics_forecast_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"requested_by" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"products_total" integer,
	"products_done" integer DEFAULT 0 NOT NULL,
	"cursor" uuid,
	"items_forecast" integer DEFAULT 0 NOT NULL,
	"items_failed" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "analytics_forecasts" (
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"period" text NOT NULL,
	"season_length" integer NOT NULL,
	"method" text NOT NULL,
	"model" text,
	"demand_class" text NOT NULL,
	"history_points" integer NOT NULL,
	"points" jsonb NOT NULL,
	"rmsse" double precision,
	"mase" double precision,
	"mae" double precision,
	"rmse" double precision,
	"origins" integer NOT NULL,
	"run_id" uuid,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_forecasts_tenant_id_product_id_location_id_pk" PRIMARY KEY("tenant_id","product_id","location_id")
);
--> statement-breakpoint
ALTER TABLE "analytics_forecast_months" ADD CONSTRAINT "analytics_forecast_months_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_forecast_months" ADD CONSTRAINT "analytics_forecast_months_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_forecasts" ADD CONSTRAINT "analytics_forecasts_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_forecasts" ADD CONSTRAINT "analytics_forecasts_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_forecast_runs_tenant_created_idx" ON "analytics_forecast_runs" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "analytics_forecasts_tenant_location_idx" ON "analytics_forecasts" USING btree ("tenant_id","location_id");--> statement-breakpoint
SELECT flujo_tenant_rls('analytics_forecasts');--> statement-breakpoint
SELECT flujo_tenant_rls('analytics_forecast_runs');--> statement-breakpoint
SELECT flujo_tenant_rls('analytics_forecast_months');--> statement-breakpoint
-- Analytics: existing tenants' system roles gain what new tenants get.
UPDATE roles r SET permissions = (
  SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM (
    SELECT jsonb_array_elements_text(r.permissions) AS p
    UNION SELECT unnest(ARRAY['analytics:read', 'analytics:write', 'predictions:read'])
  ) x
)
WHERE r.is_system AND r.name = 'Planner';--> statement-breakpoint
UPDATE roles r SET permissions = (
  SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM (
    SELECT jsonb_array_elements_text(r.permissions) AS p
    UNION SELECT unnest(ARRAY['analytics:read'])
  ) x
)
WHERE r.is_system AND r.name = 'Manager';
