CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"tax_id" text,
	"active" boolean DEFAULT true NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"connection_id" uuid,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "customers_tenant_code_uq" ON "customers" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_external_uq" ON "customers" USING btree ("tenant_id","connection_id","external_id");--> statement-breakpoint
CREATE INDEX "customers_tenant_name_idx" ON "customers" USING btree ("tenant_id","name","id");--> statement-breakpoint
SELECT flujo_tenant_rls('customers');--> statement-breakpoint
-- The customer master (orders): existing tenants' system roles gain what new tenants get.
UPDATE roles r SET permissions = (
  SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM (
    SELECT jsonb_array_elements_text(r.permissions) AS p
    UNION SELECT unnest(ARRAY['customer:read', 'customer:write'])
  ) x
)
WHERE r.is_system AND r.name IN ('Manager', 'Seller');
