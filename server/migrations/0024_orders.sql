CREATE TABLE "customer_order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"listing_id" uuid,
	"quantity" numeric NOT NULL,
	"unit_price_minor" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"number" text NOT NULL,
	"idempotency_key" text,
	"channel" text DEFAULT 'api' NOT NULL,
	"location_id" uuid NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"customer_name" text NOT NULL,
	"customer_email" text NOT NULL,
	"currency" text NOT NULL,
	"total_minor" bigint NOT NULL,
	"reservation_id" uuid,
	"tracking_number" text,
	"saga_step" text DEFAULT 'authorize' NOT NULL,
	"saga_attempts" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	"cancel_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "listings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"price_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"seller_id" uuid,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('spanish', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('spanish', coalesce(description, '')), 'B')) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_counters" (
	"tenant_id" uuid NOT NULL,
	"prefix" text NOT NULL,
	"last" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "order_counters_tenant_id_prefix_pk" PRIMARY KEY("tenant_id","prefix")
);
--> statement-breakpoint
CREATE TABLE "order_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"currency" text DEFAULT 'MXN' NOT NULL,
	"approval_threshold_minor" bigint DEFAULT 5000000 NOT NULL,
	"receipt_tolerance_pct" numeric DEFAULT '10' NOT NULL,
	"checkout_hold_minutes" integer DEFAULT 15 NOT NULL,
	"payment_timeout_minutes" integer DEFAULT 30 NOT NULL,
	"auto_reorder" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"payment_id" uuid,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"method" text NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"external_id" text,
	"redirect_url" text,
	"card_last4" text,
	"card_token" text,
	"payer_phone" text,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reorder_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"reorder_point" numeric NOT NULL,
	"reorder_quantity" numeric NOT NULL,
	"supplier_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_saga_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"step" text NOT NULL,
	"outcome" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_sandbox_charges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"operation" text NOT NULL,
	"reference" text NOT NULL,
	"status" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supplier_performance" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"receipt_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"promised_date" text NOT NULL,
	"received_date" text NOT NULL,
	"days_late" integer NOT NULL,
	"ordered_quantity" numeric NOT NULL,
	"received_quantity" numeric NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supply_order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" numeric NOT NULL,
	"received_quantity" numeric DEFAULT '0' NOT NULL,
	"unit_price_minor" bigint,
	"buffer_id" uuid
);
--> statement-breakpoint
CREATE TABLE "supply_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"quantity" numeric NOT NULL,
	"movement_id" uuid,
	"received_by" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "supply_orders" DROP CONSTRAINT "supply_orders_buffer_id_buffers_id_fk";
--> statement-breakpoint
ALTER TABLE "supply_orders" DROP CONSTRAINT "supply_orders_product_id_products_id_fk";
--> statement-breakpoint
DROP INDEX "supply_orders_item_idx";--> statement-breakpoint
ALTER TABLE "supply_orders" ALTER COLUMN "product_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "supply_orders" ALTER COLUMN "origin" SET DEFAULT 'manual';--> statement-breakpoint
ALTER TABLE "supply_orders" ALTER COLUMN "quantity" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD COLUMN "reference_type" text;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD COLUMN "reference_id" uuid;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD COLUMN "number" text;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD COLUMN "order_date" text DEFAULT to_char(now() at time zone 'UTC', 'YYYY-MM-DD') NOT NULL;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD COLUMN "currency" text DEFAULT 'MXN' NOT NULL;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD COLUMN "total_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD COLUMN "bom_snapshot" jsonb;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD COLUMN "components_issued" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD COLUMN "shipped_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD COLUMN "approved_by" uuid;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_order_lines" ADD CONSTRAINT "customer_order_lines_order_id_customer_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."customer_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_order_lines" ADD CONSTRAINT "customer_order_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_orders" ADD CONSTRAINT "customer_orders_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_customer_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."customer_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reorder_policies" ADD CONSTRAINT "reorder_policies_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reorder_policies" ADD CONSTRAINT "reorder_policies_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reorder_policies" ADD CONSTRAINT "reorder_policies_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_saga_log" ADD CONSTRAINT "order_saga_log_order_id_customer_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."customer_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_performance" ADD CONSTRAINT "supplier_performance_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_performance" ADD CONSTRAINT "supplier_performance_order_id_supply_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."supply_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_performance" ADD CONSTRAINT "supplier_performance_receipt_id_supply_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."supply_receipts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_order_lines" ADD CONSTRAINT "supply_order_lines_order_id_supply_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."supply_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_order_lines" ADD CONSTRAINT "supply_order_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_receipts" ADD CONSTRAINT "supply_receipts_order_id_supply_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."supply_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_receipts" ADD CONSTRAINT "supply_receipts_line_id_supply_order_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."supply_order_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_order_lines_order_idx" ON "customer_order_lines" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_orders_tenant_number_uq" ON "customer_orders" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_orders_idempotency_uq" ON "customer_orders" USING btree ("tenant_id","idempotency_key") WHERE "customer_orders"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "customer_orders_saga_idx" ON "customer_orders" USING btree ("saga_step","lease_until") WHERE "customer_orders"."saga_step" not in ('done', 'wait_fulfilment');--> statement-breakpoint
CREATE INDEX "customer_orders_tenant_status_idx" ON "customer_orders" USING btree ("tenant_id","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "listings_item_uq" ON "listings" USING btree ("tenant_id","product_id","location_id");--> statement-breakpoint
CREATE INDEX "listings_search_idx" ON "listings" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_webhook_events_uq" ON "payment_webhook_events" USING btree ("tenant_id","provider","event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_order_uq" ON "payments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payments_external_idx" ON "payments" USING btree ("provider","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reorder_policies_item_uq" ON "reorder_policies" USING btree ("tenant_id","product_id","location_id");--> statement-breakpoint
CREATE UNIQUE INDEX "order_saga_log_step_uq" ON "order_saga_log" USING btree ("order_id","step");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_sandbox_charges_key_uq" ON "payment_sandbox_charges" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "supplier_performance_supplier_idx" ON "supplier_performance" USING btree ("tenant_id","supplier_id","received_date");--> statement-breakpoint
CREATE UNIQUE INDEX "supply_order_lines_order_line_uq" ON "supply_order_lines" USING btree ("order_id","line_no");--> statement-breakpoint
CREATE INDEX "supply_order_lines_product_idx" ON "supply_order_lines" USING btree ("tenant_id","product_id");--> statement-breakpoint
CREATE INDEX "supply_receipts_order_idx" ON "supply_receipts" USING btree ("order_id");--> statement-breakpoint
-- Planning's draft supply orders are adopted: each gets a number and its one line.
UPDATE "supply_orders" s SET "number" = x.n FROM (
  SELECT id, (CASE kind WHEN 'purchase' THEN 'PO' WHEN 'production' THEN 'MO' ELSE 'TO' END) || '-' ||
    lpad((row_number() OVER (PARTITION BY tenant_id, kind ORDER BY created_at, id))::text, 6, '0') AS n
  FROM "supply_orders") x
WHERE x.id = s.id;--> statement-breakpoint
ALTER TABLE "supply_orders" ALTER COLUMN "number" SET NOT NULL;--> statement-breakpoint
INSERT INTO "supply_order_lines" (tenant_id, order_id, line_no, product_id, quantity, buffer_id)
SELECT tenant_id, id, 1, product_id, quantity, buffer_id FROM "supply_orders" WHERE product_id IS NOT NULL;--> statement-breakpoint
INSERT INTO "order_counters" (tenant_id, prefix, last)
SELECT tenant_id, (CASE kind WHEN 'purchase' THEN 'PO' WHEN 'production' THEN 'MO' ELSE 'TO' END), count(*)
FROM "supply_orders" GROUP BY 1, 2;--> statement-breakpoint
ALTER TABLE "supply_orders" ADD CONSTRAINT "supply_orders_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stock_transfers_reference_idx" ON "stock_transfers" USING btree ("reference_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supply_orders_tenant_number_uq" ON "supply_orders" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "supply_orders_tenant_status_idx" ON "supply_orders" USING btree ("tenant_id","status","due_date");--> statement-breakpoint
SELECT flujo_tenant_rls('customer_order_lines');--> statement-breakpoint
SELECT flujo_tenant_rls('customer_orders');--> statement-breakpoint
SELECT flujo_tenant_rls('listings');--> statement-breakpoint
SELECT flujo_tenant_rls('order_counters');--> statement-breakpoint
SELECT flujo_tenant_rls('order_settings');--> statement-breakpoint
SELECT flujo_tenant_rls('payment_webhook_events');--> statement-breakpoint
SELECT flujo_tenant_rls('payments');--> statement-breakpoint
SELECT flujo_tenant_rls('reorder_policies');--> statement-breakpoint
SELECT flujo_tenant_rls('order_saga_log');--> statement-breakpoint
SELECT flujo_tenant_rls('payment_sandbox_charges');--> statement-breakpoint
SELECT flujo_tenant_rls('supplier_performance');--> statement-breakpoint
SELECT flujo_tenant_rls('supply_order_lines');--> statement-breakpoint
SELECT flujo_tenant_rls('supply_receipts');
