CREATE TABLE "bank_entries" (
	"tenant_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "bank_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"statement_id" bigint NOT NULL,
	"account_iban" text NOT NULL,
	"entry_key" text NOT NULL,
	"booking_date" date NOT NULL,
	"value_date" date,
	"amount_cents" bigint NOT NULL,
	"currency" text NOT NULL,
	"direction" text NOT NULL,
	"reversal" boolean NOT NULL,
	"status" text NOT NULL,
	"bank_reference" text,
	"bank_transaction_code" text,
	"booking_text" text,
	CONSTRAINT "bank_entries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "bank_statements" (
	"tenant_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "bank_statements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"import_id" bigint NOT NULL,
	"statement_ref" text NOT NULL,
	"account_iban" text NOT NULL,
	"currency" text,
	"sequence_number" text,
	"from_date" date,
	"to_date" date,
	"opening_balance_cents" bigint,
	"closing_balance_cents" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_statements_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "bank_transactions" (
	"tenant_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "bank_transactions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"entry_id" bigint NOT NULL,
	"amount_cents" bigint NOT NULL,
	"currency" text NOT NULL,
	"direction" text NOT NULL,
	"booking_date" date NOT NULL,
	"end_to_end_id" text,
	"mandate_id" text,
	"remittance" text DEFAULT '' NOT NULL,
	"creditor_reference" text,
	"counterparty_name" text,
	"counterparty_iban" text,
	"counterparty_bic" text,
	"return_reason" text,
	"creditor_id" text,
	"original_amount_cents" bigint,
	"charges_cents" bigint,
	"status" text NOT NULL,
	"customer_id" bigint,
	"confidence" integer,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"suggestions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_transactions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "claim_costs" (
	"tenant_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "claim_costs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"invoice_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"incurred_on" date NOT NULL,
	"bank_transaction_id" bigint,
	"description" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "claim_costs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "statement_imports" (
	"tenant_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "statement_imports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"format" text NOT NULL,
	"entries_read" integer NOT NULL,
	"entries_added" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "statement_imports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "bank_transaction_id" bigint;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "reverses_payment_id" bigint;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "reversed_by_payment_id" bigint;--> statement-breakpoint
ALTER TABLE "bank_entries" ADD CONSTRAINT "bank_entries_tenant_id_statement_id_bank_statements_tenant_id_id_fk" FOREIGN KEY ("tenant_id","statement_id") REFERENCES "public"."bank_statements"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_statements" ADD CONSTRAINT "bank_statements_tenant_id_import_id_statement_imports_tenant_id_id_fk" FOREIGN KEY ("tenant_id","import_id") REFERENCES "public"."statement_imports"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_transactions" ADD CONSTRAINT "bank_transactions_tenant_id_entry_id_bank_entries_tenant_id_id_fk" FOREIGN KEY ("tenant_id","entry_id") REFERENCES "public"."bank_entries"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_costs" ADD CONSTRAINT "claim_costs_tenant_id_invoice_id_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_entries_key" ON "bank_entries" USING btree ("tenant_id","account_iban","entry_key");--> statement-breakpoint
CREATE INDEX "bank_transactions_entry" ON "bank_transactions" USING btree ("tenant_id","entry_id");--> statement-breakpoint
CREATE INDEX "bank_transactions_status" ON "bank_transactions" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "bank_transactions_e2e" ON "bank_transactions" USING btree ("tenant_id","end_to_end_id");--> statement-breakpoint
CREATE INDEX "claim_costs_invoice" ON "claim_costs" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "statement_imports_sha" ON "statement_imports" USING btree ("tenant_id","sha256");--> statement-breakpoint
CREATE INDEX "payments_bank_transaction" ON "payments" USING btree ("tenant_id","bank_transaction_id");