-- Row-level security: the second line of defence behind the tenant filter every query carries
-- (ARCHITECTURE.md §3). Tenant-scoped transactions switch to the unprivileged role flujo_app
-- (SET LOCAL ROLE) and set app.tenant_id; these policies then hide other tenants' rows even
-- if a query forgets its filter. Owners and superusers bypass RLS, hence the separate role.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'flujo_app') THEN
    BEGIN
      CREATE ROLE flujo_app NOLOGIN;
    EXCEPTION
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'cannot create role flujo_app: row-level security stays off for this database';
      -- Roles are cluster-wide: another database's migration may have created it just now.
      WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'flujo_app') THEN
    BEGIN
      EXECUTE format('GRANT flujo_app TO %I', current_user);
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'cannot grant flujo_app to %: %', current_user, SQLERRM;
    END;
    GRANT USAGE ON SCHEMA public TO flujo_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO flujo_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO flujo_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO flujo_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO flujo_app;
  END IF;
END $$;
--> statement-breakpoint
ALTER TABLE "tenants" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "tenants"
  USING (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "users"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "roles" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "roles"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "user_roles" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "user_roles"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "outbox" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Tenant work may append its own events; only the relay (owner role) reads the outbox.
CREATE POLICY tenant_append ON "outbox" FOR INSERT
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
