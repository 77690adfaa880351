CREATE TABLE "letter_templates" (
	"tenant_id" bigint NOT NULL,
	"key" text NOT NULL,
	"language" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "letter_templates_tenant_id_key_language_pk" PRIMARY KEY("tenant_id","key","language")
);
