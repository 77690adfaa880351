ALTER TABLE "instalment_plan_claims" ADD COLUMN "interest_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "instalment_plans" ADD COLUMN "closed_on" date;--> statement-breakpoint
CREATE INDEX "instalment_plan_claims_invoice" ON "instalment_plan_claims" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
CREATE INDEX "instalment_plans_customer" ON "instalment_plans" USING btree ("tenant_id","customer_id");