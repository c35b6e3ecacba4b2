-- Written by hand from drizzle's output: drizzle cannot declare partitioning. One partition per
-- calendar month of `date`; the unique key holds the partition key, as PostgreSQL requires.
CREATE TABLE "kpi_snapshots" (
	"tenant_id" uuid NOT NULL,
	"date" date NOT NULL,
	"location_id" uuid,
	"kpi" text NOT NULL,
	"value" double precision,
	"inputs" jsonb NOT NULL,
	"written_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_snapshots_uq" UNIQUE NULLS NOT DISTINCT("tenant_id","date","location_id","kpi")
) PARTITION BY RANGE ("date");
--> statement-breakpoint
SELECT flujo_tenant_rls('kpi_snapshots');
--> statement-breakpoint
-- The month holding `month` as its own partition, with the same row-level security (a partition
-- read directly would otherwise skip the parent's policy). Idempotent: the nightly job calls it
-- for next month.
CREATE OR REPLACE FUNCTION flujo_kpi_snapshot_partition(month date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  first date := date_trunc('month', month)::date;
  name text := format('kpi_snapshots_%s', to_char(first, 'YYYY_MM'));
BEGIN
  IF to_regclass(name) IS NULL THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF kpi_snapshots FOR VALUES FROM (%L) TO (%L)',
      name, first, (first + interval '1 month')::date);
    PERFORM flujo_tenant_rls(name::regclass);
  END IF;
END $$;
--> statement-breakpoint
-- The past 24 months and the next 3.
SELECT flujo_kpi_snapshot_partition((date_trunc('month', current_date) + make_interval(months => m))::date)
FROM generate_series(-24, 3) AS m;
