CREATE TABLE "reservation_lines" (
	"tenant_id" uuid NOT NULL,
	"reservation_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"quantity" numeric NOT NULL,
	"released_at" timestamp with time zone,
	CONSTRAINT "reservation_lines_reservation_id_product_id_location_id_pk" PRIMARY KEY("reservation_id","product_id","location_id")
);
--> statement-breakpoint
CREATE TABLE "reservations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"customer_id" text NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "reservation_lines" ADD CONSTRAINT "reservation_lines_reservation_id_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."reservations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reservation_lines_item_idx" ON "reservation_lines" USING btree ("product_id","location_id");--> statement-breakpoint
CREATE INDEX "reservations_pending_idx" ON "reservations" USING btree ("expires_at") WHERE "reservations"."status" = 'PENDING';--> statement-breakpoint
SELECT flujo_tenant_rls('reservations');
--> statement-breakpoint
SELECT flujo_tenant_rls('reservation_lines');
