CREATE TABLE "locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"parent_id" uuid,
	"address" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"allow_negative" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"category" text,
	"uom" text DEFAULT 'unit' NOT NULL,
	"uom_step" numeric DEFAULT '1' NOT NULL,
	"price" numeric,
	"cost" numeric,
	"lead_time_days" integer,
	"min_order_qty" numeric,
	"order_multiple" numeric,
	"buffered" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"barcode" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce(sku, '')), 'A') || setweight(to_tsvector('spanish', coalesce(name, '')), 'B') || setweight(to_tsvector('simple', coalesce(name, '')), 'B')) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suppliers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"tax_id" text,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"currency" text DEFAULT 'MXN' NOT NULL,
	"default_lead_time_days" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "locations_tenant_code_uq" ON "locations" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "products_tenant_sku_uq" ON "products" USING btree ("tenant_id","sku");--> statement-breakpoint
CREATE INDEX "products_tenant_category_idx" ON "products" USING btree ("tenant_id","category");--> statement-breakpoint
CREATE INDEX "products_search_idx" ON "products" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "suppliers_tenant_name_uq" ON "suppliers" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
SELECT flujo_tenant_rls('products');
--> statement-breakpoint
SELECT flujo_tenant_rls('locations');
--> statement-breakpoint
SELECT flujo_tenant_rls('suppliers');
