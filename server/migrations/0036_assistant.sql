CREATE TABLE "ai_conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"title" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"conversation_id" uuid,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"summary" text NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"outcome" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ai_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"content" text NOT NULL,
	"tool_calls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cards" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decision_id" uuid,
	"model" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_queries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"natural" text NOT NULL,
	"sql" text,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"rule" text,
	"row_count" integer,
	"execution_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"day" date NOT NULL,
	"urgent" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_tool_invocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid,
	"conversation_id" uuid,
	"tool" text NOT NULL,
	"arguments" jsonb NOT NULL,
	"outcome" text NOT NULL,
	"summary" text NOT NULL,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "llm_routing_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid,
	"purpose" text NOT NULL,
	"target" text NOT NULL,
	"model" text,
	"classification" text NOT NULL,
	"reason" text NOT NULL,
	"outcome" text NOT NULL,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"latency_ms" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"email_reports" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ai_messages" ADD CONSTRAINT "ai_messages_conversation_id_ai_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."ai_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ai_conversations_owner_idx" ON "ai_conversations" USING btree ("tenant_id","user_id","updated_at");--> statement-breakpoint
CREATE INDEX "ai_decisions_tenant_idx" ON "ai_decisions" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_messages_conversation_idx" ON "ai_messages" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_queries_tenant_idx" ON "ai_queries" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ai_reports_daily_idx" ON "ai_reports" USING btree ("tenant_id","day") WHERE "ai_reports"."trigger" = 'daily';--> statement-breakpoint
CREATE INDEX "ai_reports_tenant_idx" ON "ai_reports" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_tool_invocations_tenant_idx" ON "ai_tool_invocations" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "llm_routing_logs_tenant_idx" ON "llm_routing_logs" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("tenant_id","user_id","created_at");--> statement-breakpoint
SELECT flujo_tenant_rls('ai_conversations');--> statement-breakpoint
SELECT flujo_tenant_rls('ai_messages');--> statement-breakpoint
SELECT flujo_tenant_rls('ai_tool_invocations');--> statement-breakpoint
SELECT flujo_tenant_rls('ai_decisions');--> statement-breakpoint
SELECT flujo_tenant_rls('llm_routing_logs');--> statement-breakpoint
SELECT flujo_tenant_rls('ai_queries');--> statement-breakpoint
SELECT flujo_tenant_rls('notifications');--> statement-breakpoint
SELECT flujo_tenant_rls('notification_preferences');--> statement-breakpoint
SELECT flujo_tenant_rls('ai_reports');--> statement-breakpoint
-- The assistant's natural-language queries read only these views (ADR 0014). They run as their
-- owner, not the caller, so the role that runs the model's SQL needs no right on any table; each
-- one therefore filters by the tenant and by the caller's stores itself, and shows nothing when
-- either setting is missing. `app.ai_scope` is '*' (every store) or a comma list of location ids.
-- security_barrier keeps the caller's own conditions from running before these filters.
CREATE VIEW ai_products WITH (security_barrier = true) AS
  SELECT p.sku, p.name, p.category, p.uom, p.price, p.cost, p.lead_time_days, p.min_order_qty,
         p.order_multiple, p.buffered, p.active, p.created_at
  FROM products p
  WHERE p.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid;
--> statement-breakpoint
CREATE VIEW ai_locations WITH (security_barrier = true) AS
  SELECT l.code, l.name, l.type, l.active
  FROM locations l
  WHERE l.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND (current_setting('app.ai_scope', true) = '*'
         OR l.id = ANY (string_to_array(nullif(current_setting('app.ai_scope', true), '*'), ',')::uuid[]));
--> statement-breakpoint
CREATE VIEW ai_inventory WITH (security_barrier = true) AS
  SELECT p.sku, p.name AS product_name, p.category, l.code AS location_code, l.name AS location_name,
         b.on_hand, b.reserved, b.on_hand - b.reserved AS available, b.min_qty, b.max_qty, b.updated_at
  FROM stock_balances b
  JOIN products p ON p.id = b.product_id AND p.tenant_id = b.tenant_id
  JOIN locations l ON l.id = b.location_id AND l.tenant_id = b.tenant_id
  WHERE b.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND (current_setting('app.ai_scope', true) = '*'
         OR b.location_id = ANY (string_to_array(nullif(current_setting('app.ai_scope', true), '*'), ',')::uuid[]));
--> statement-breakpoint
CREATE VIEW ai_buffers WITH (security_barrier = true) AS
  SELECT p.sku, p.name AS product_name, p.category, l.code AS location_code,
         bf.planning_priority AS zone, bf.net_flow, bf.net_flow_percent, bf.on_hand, bf.on_order,
         bf.qualified_demand, bf.adu, bf.dlt, bf.red, bf.yellow, bf.green, bf.top_of_red,
         bf.top_of_yellow, bf.top_of_green, bf.recommended_qty, bf.on_hand_alert, bf.calculated_at
  FROM buffers bf
  JOIN products p ON p.id = bf.product_id AND p.tenant_id = bf.tenant_id
  JOIN locations l ON l.id = bf.location_id AND l.tenant_id = bf.tenant_id
  WHERE bf.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND (current_setting('app.ai_scope', true) = '*'
         OR bf.location_id = ANY (string_to_array(nullif(current_setting('app.ai_scope', true), '*'), ',')::uuid[]));
--> statement-breakpoint
CREATE VIEW ai_suggestions WITH (security_barrier = true) AS
  SELECT p.sku, p.name AS product_name, l.code AS location_code, s.status, s.quantity,
         s.planning_priority AS zone, s.net_flow_percent, s.created_at, s.closed_at
  FROM replenishment_suggestions s
  JOIN buffers bf ON bf.id = s.buffer_id AND bf.tenant_id = s.tenant_id
  JOIN products p ON p.id = bf.product_id AND p.tenant_id = bf.tenant_id
  JOIN locations l ON l.id = bf.location_id AND l.tenant_id = bf.tenant_id
  WHERE s.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND (current_setting('app.ai_scope', true) = '*'
         OR bf.location_id = ANY (string_to_array(nullif(current_setting('app.ai_scope', true), '*'), ',')::uuid[]));
--> statement-breakpoint
CREATE VIEW ai_movements_daily WITH (security_barrier = true) AS
  SELECT (m.created_at AT TIME ZONE 'UTC')::date AS day, p.sku, l.code AS location_code, m.kind,
         sum(m.quantity) AS quantity, count(*) AS movements
  FROM stock_movements m
  JOIN products p ON p.id = m.product_id AND p.tenant_id = m.tenant_id
  JOIN locations l ON l.id = m.location_id AND l.tenant_id = m.tenant_id
  WHERE m.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND (current_setting('app.ai_scope', true) = '*'
         OR m.location_id = ANY (string_to_array(nullif(current_setting('app.ai_scope', true), '*'), ',')::uuid[]))
  GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE VIEW ai_orders WITH (security_barrier = true) AS
  SELECT o.number, o.channel, o.status, l.code AS location_code, o.customer_name, o.currency,
         o.total_minor / 100.0 AS total, o.created_at
  FROM customer_orders o
  JOIN locations l ON l.id = o.location_id AND l.tenant_id = o.tenant_id
  WHERE o.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND (current_setting('app.ai_scope', true) = '*'
         OR o.location_id = ANY (string_to_array(nullif(current_setting('app.ai_scope', true), '*'), ',')::uuid[]));
--> statement-breakpoint
CREATE VIEW ai_order_lines WITH (security_barrier = true) AS
  SELECT o.number, o.status, l.code AS location_code, p.sku, ol.quantity,
         ol.unit_price_minor / 100.0 AS unit_price, o.created_at
  FROM customer_order_lines ol
  JOIN customer_orders o ON o.id = ol.order_id AND o.tenant_id = ol.tenant_id
  JOIN products p ON p.id = ol.product_id AND p.tenant_id = ol.tenant_id
  JOIN locations l ON l.id = o.location_id AND l.tenant_id = o.tenant_id
  WHERE ol.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND (current_setting('app.ai_scope', true) = '*'
         OR o.location_id = ANY (string_to_array(nullif(current_setting('app.ai_scope', true), '*'), ',')::uuid[]));
--> statement-breakpoint
CREATE VIEW ai_supply_lines WITH (security_barrier = true) AS
  SELECT so.number, so.kind, so.status, sp.name AS supplier, l.code AS location_code, p.sku,
         sl.quantity, sl.received_quantity, sl.unit_price_minor / 100.0 AS unit_price,
         so.order_date, so.due_date, so.created_at
  FROM supply_order_lines sl
  JOIN supply_orders so ON so.id = sl.order_id AND so.tenant_id = sl.tenant_id
  JOIN products p ON p.id = sl.product_id AND p.tenant_id = sl.tenant_id
  JOIN locations l ON l.id = so.location_id AND l.tenant_id = so.tenant_id
  LEFT JOIN suppliers sp ON sp.id = so.supplier_id AND sp.tenant_id = so.tenant_id
  WHERE sl.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND (current_setting('app.ai_scope', true) = '*'
         OR so.location_id = ANY (string_to_array(nullif(current_setting('app.ai_scope', true), '*'), ',')::uuid[]));
--> statement-breakpoint
CREATE VIEW ai_suppliers WITH (security_barrier = true) AS
  SELECT s.name, s.currency, s.default_lead_time_days, s.active
  FROM suppliers s
  WHERE s.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid;
--> statement-breakpoint
CREATE VIEW ai_forecasts WITH (security_barrier = true) AS
  SELECT p.sku, l.code AS location_code, f.method, f.demand_class, (pt ->> 'start')::date AS week_start,
         (pt ->> 'end')::date AS week_end, (pt ->> 'mean')::float8 AS mean, (pt ->> 'lo80')::float8 AS lo80,
         (pt ->> 'hi80')::float8 AS hi80, f.generated_at
  FROM analytics_forecasts f
  CROSS JOIN LATERAL jsonb_array_elements(f.points) AS pt
  JOIN products p ON p.id = f.product_id AND p.tenant_id = f.tenant_id
  JOIN locations l ON l.id = f.location_id AND l.tenant_id = f.tenant_id
  WHERE f.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND (current_setting('app.ai_scope', true) = '*'
         OR f.location_id = ANY (string_to_array(nullif(current_setting('app.ai_scope', true), '*'), ',')::uuid[]));
--> statement-breakpoint
-- flujo_ai runs the model's SQL: it may select from the ai_* views and nothing else. The
-- application role may not read or write through them (0001's default privileges gave it both).
DO $$
DECLARE v text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'flujo_ai') THEN
    BEGIN
      CREATE ROLE flujo_ai NOLOGIN;
    EXCEPTION
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'cannot create role flujo_ai: natural-language queries stay off for this database';
      WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
  FOREACH v IN ARRAY ARRAY['ai_products', 'ai_locations', 'ai_inventory', 'ai_buffers', 'ai_suggestions',
    'ai_movements_daily', 'ai_orders', 'ai_order_lines', 'ai_supply_lines', 'ai_suppliers', 'ai_forecasts']
  LOOP
    EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', v);
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'flujo_app') THEN
      EXECUTE format('REVOKE ALL ON %I FROM flujo_app', v);
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'flujo_ai') THEN
      EXECUTE format('GRANT SELECT ON %I TO flujo_ai', v);
    END IF;
  END LOOP;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'flujo_ai') THEN
    BEGIN
      EXECUTE format('GRANT flujo_ai TO %I', current_user);
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'cannot grant flujo_ai to %: %', current_user, SQLERRM;
    END;
  END IF;
END $$;
--> statement-breakpoint
-- The assistant: existing tenants' system roles gain what new tenants get.
UPDATE roles r SET permissions = (
  SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM (
    SELECT jsonb_array_elements_text(r.permissions) AS p
    UNION SELECT unnest(ARRAY['ai:chat', 'ai-query:execute'])
  ) x
)
WHERE r.is_system AND r.name = 'Planner';--> statement-breakpoint
UPDATE roles r SET permissions = (
  SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM (
    SELECT jsonb_array_elements_text(r.permissions) AS p
    UNION SELECT unnest(ARRAY['ai:chat'])
  ) x
)
WHERE r.is_system AND r.name IN ('Viewer', 'Manager', 'User');
