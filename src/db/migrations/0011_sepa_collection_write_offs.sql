CREATE TABLE "collection_case_claims" (
	"tenant_id" bigint NOT NULL,
	"case_id" bigint NOT NULL,
	"invoice_id" bigint NOT NULL,
	"principal_cents" bigint NOT NULL,
	"costs_cents" bigint NOT NULL,
	"interest_cents" bigint NOT NULL,
	"interest_paid_cents" bigint NOT NULL,
	CONSTRAINT "collection_case_claims_tenant_id_case_id_invoice_id_pk" PRIMARY KEY("tenant_id","case_id","invoice_id")
);
--> statement-breakpoint
CREATE TABLE "collection_cases" (
	"tenant_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "collection_cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"agency_name" text NOT NULL,
	"agency_reference" text,
	"handed_over_on" date NOT NULL,
	"status" text NOT NULL,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collection_cases_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "collection_remittances" (
	"tenant_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "collection_remittances_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" bigint NOT NULL,
	"reported_on" date NOT NULL,
	"collected_cents" bigint NOT NULL,
	"debtor_costs_cents" bigint NOT NULL,
	"retained_cents" bigint NOT NULL,
	"payment_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collection_remittances_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "direct_debits" (
	"tenant_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "direct_debits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"mandate_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"invoice_id" bigint,
	"plan_id" bigint,
	"instalment_number" integer,
	"amount_cents" bigint NOT NULL,
	"collection_date" date NOT NULL,
	"sequence_type" text NOT NULL,
	"end_to_end_id" text NOT NULL,
	"message_id" text NOT NULL,
	"remittance" text NOT NULL,
	"status" text DEFAULT 'exported' NOT NULL,
	"payment_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "direct_debits_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "sepa_mandates" (
	"tenant_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "sepa_mandates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"reference" text NOT NULL,
	"signed_on" date NOT NULL,
	"scheme" text NOT NULL,
	"kind" text NOT NULL,
	"debtor_name" text NOT NULL,
	"iban" text NOT NULL,
	"bic" text,
	"first_collected_on" date,
	"revoked_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sepa_mandates_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "write_offs" (
	"tenant_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "write_offs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"invoice_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"written_off_on" date NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"principal_cents" bigint NOT NULL,
	"costs_cents" bigint NOT NULL,
	"interest_cents" bigint NOT NULL,
	"vat_cents" bigint NOT NULL,
	"payment_id" bigint,
	"case_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "write_offs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "collection_case_claims" ADD CONSTRAINT "collection_case_claims_tenant_id_case_id_collection_cases_tenant_id_id_fk" FOREIGN KEY ("tenant_id","case_id") REFERENCES "public"."collection_cases"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_cases" ADD CONSTRAINT "collection_cases_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_remittances" ADD CONSTRAINT "collection_remittances_tenant_id_case_id_collection_cases_tenant_id_id_fk" FOREIGN KEY ("tenant_id","case_id") REFERENCES "public"."collection_cases"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "direct_debits" ADD CONSTRAINT "direct_debits_tenant_id_mandate_id_sepa_mandates_tenant_id_id_fk" FOREIGN KEY ("tenant_id","mandate_id") REFERENCES "public"."sepa_mandates"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_mandates" ADD CONSTRAINT "sepa_mandates_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "write_offs" ADD CONSTRAINT "write_offs_tenant_id_invoice_id_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "collection_case_claims_invoice" ON "collection_case_claims" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
CREATE INDEX "collection_cases_customer" ON "collection_cases" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "direct_debits_end_to_end" ON "direct_debits" USING btree ("tenant_id","end_to_end_id");--> statement-breakpoint
CREATE INDEX "direct_debits_invoice" ON "direct_debits" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
CREATE INDEX "direct_debits_message" ON "direct_debits" USING btree ("tenant_id","message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_mandates_reference" ON "sepa_mandates" USING btree ("tenant_id","reference");--> statement-breakpoint
CREATE INDEX "sepa_mandates_customer" ON "sepa_mandates" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "write_offs_invoice" ON "write_offs" USING btree ("tenant_id","invoice_id");