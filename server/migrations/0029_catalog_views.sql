-- The catalog's published reads (ADR 0005): other modules' SQL joins these views, never the
-- tables. security_invoker makes the tables' row-level security apply to the caller (flujo_app),
-- as it would reading the tables; a plain view would run as its owner and see every tenant.
-- Simple views: the planner inlines them, so a join costs what the join on the table did.
CREATE VIEW catalog_products WITH (security_invoker = true) AS
  SELECT id, tenant_id, sku, name, description, category, uom, uom_step, price, cost, lead_time_days,
         min_order_qty, order_multiple, buffered, active, barcode, attributes, search, created_at, updated_at
  FROM products;
--> statement-breakpoint
CREATE VIEW catalog_locations WITH (security_invoker = true) AS
  SELECT id, tenant_id, code, name, type, parent_id, address, allow_negative, lead_time_days, active,
         created_at, updated_at
  FROM locations;
--> statement-breakpoint
CREATE VIEW catalog_suppliers WITH (security_invoker = true) AS
  SELECT id, tenant_id, name, tax_id, contacts, currency, default_lead_time_days, active, created_at, updated_at
  FROM suppliers;
--> statement-breakpoint
-- Read-only for the application role: the default privileges of 0001 would let it write
-- through these (simple views are updatable); catalog changes go through the catalog module.
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'flujo_app') THEN
    REVOKE ALL ON catalog_products, catalog_locations, catalog_suppliers FROM flujo_app;
    GRANT SELECT ON catalog_products, catalog_locations, catalog_suppliers TO flujo_app;
  END IF;
END $$;
