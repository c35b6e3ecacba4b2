CREATE TABLE "integration_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"settings" jsonb NOT NULL,
	"secret" text,
	"schedule" text DEFAULT '0 */6 * * *',
	"enabled" boolean DEFAULT true NOT NULL,
	"last_test_at" timestamp with time zone,
	"last_test_ok" boolean,
	"last_test_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_errors" (
	"tenant_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"seq" integer NOT NULL,
	"column" text NOT NULL,
	"value" text NOT NULL,
	"code" text NOT NULL,
	"params" jsonb,
	CONSTRAINT "import_errors_import_id_seq_pk" PRIMARY KEY("import_id","seq")
);
--> statement-breakpoint
CREATE TABLE "import_files" (
	"tenant_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_files_tenant_id_sha256_pk" PRIMARY KEY("tenant_id","sha256")
);
--> statement-breakpoint
CREATE TABLE "import_mappings" (
	"tenant_id" uuid NOT NULL,
	"shape" text NOT NULL,
	"kind" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"created_by" uuid,
	"filename" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"format" text NOT NULL,
	"sheet" text,
	"header_row" integer DEFAULT 1 NOT NULL,
	"headers" jsonb NOT NULL,
	"shape" text NOT NULL,
	"kind" text,
	"mapping" jsonb NOT NULL,
	"location_id" uuid,
	"store_guess" text,
	"create_products" boolean DEFAULT true NOT NULL,
	"duplicate_of" uuid,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"mode" text,
	"total_rows" integer,
	"valid_rows" integer,
	"invalid_rows" integer,
	"new_products" integer,
	"date_from" text,
	"date_to" text,
	"processed" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sync_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"types" jsonb NOT NULL,
	"incremental" boolean NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sync_state" (
	"tenant_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"type" text NOT NULL,
	"watermark" jsonb,
	"last_sync_at" timestamp with time zone,
	CONSTRAINT "sync_state_connection_id_type_pk" PRIMARY KEY("connection_id","type")
);
--> statement-breakpoint
CREATE TABLE "demand_history" (
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"quantity" numeric NOT NULL,
	"source" text NOT NULL,
	"reference" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demand_history_tenant_id_source_reference_pk" PRIMARY KEY("tenant_id","source","reference"),
	CONSTRAINT "demand_history_range_ok" CHECK ("demand_history"."end_date" >= "demand_history"."start_date")
);
--> statement-breakpoint
ALTER TABLE "import_errors" ADD CONSTRAINT "import_errors_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_jobs" ADD CONSTRAINT "sync_jobs_connection_id_integration_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."integration_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_state" ADD CONSTRAINT "sync_state_connection_id_integration_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."integration_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_history" ADD CONSTRAINT "demand_history_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_history" ADD CONSTRAINT "demand_history_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "integration_connections_name_uq" ON "integration_connections" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "import_errors_import_row_idx" ON "import_errors" USING btree ("import_id","row");--> statement-breakpoint
CREATE UNIQUE INDEX "import_mappings_shape_uq" ON "import_mappings" USING btree ("tenant_id","shape");--> statement-breakpoint
CREATE INDEX "imports_tenant_created_idx" ON "imports" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "imports_tenant_sha_idx" ON "imports" USING btree ("tenant_id","sha256");--> statement-breakpoint
CREATE INDEX "sync_jobs_connection_created_idx" ON "sync_jobs" USING btree ("tenant_id","connection_id","created_at");--> statement-breakpoint
CREATE INDEX "demand_history_item_idx" ON "demand_history" USING btree ("tenant_id","product_id","location_id","end_date");--> statement-breakpoint
SELECT flujo_tenant_rls('imports');--> statement-breakpoint
SELECT flujo_tenant_rls('import_files');--> statement-breakpoint
SELECT flujo_tenant_rls('import_errors');--> statement-breakpoint
SELECT flujo_tenant_rls('import_mappings');--> statement-breakpoint
SELECT flujo_tenant_rls('demand_history');--> statement-breakpoint
SELECT flujo_tenant_rls('integration_connections');--> statement-breakpoint
SELECT flujo_tenant_rls('sync_state');--> statement-breakpoint
SELECT flujo_tenant_rls('sync_jobs');--> statement-breakpoint
-- Spreadsheet imports (integrations): existing tenants' system roles gain what new tenants get.
UPDATE roles r SET permissions = (
  SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM (
    SELECT jsonb_array_elements_text(r.permissions) AS p
    UNION SELECT unnest(ARRAY['import:read', 'import:write'])
  ) x
)
WHERE r.is_system AND r.name IN ('Planner', 'Manager');--> statement-breakpoint
UPDATE roles r SET permissions = (
  SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM (
    SELECT jsonb_array_elements_text(r.permissions) AS p
    UNION SELECT unnest(ARRAY['integration:read', 'integration:write'])
  ) x
)
WHERE r.is_system AND r.name = 'Manager';
