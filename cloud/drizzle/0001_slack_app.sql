CREATE TABLE "oauth_states" (
	"nonce" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"browser_binding" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "posted_documents" (
	"tenant_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"company" text NOT NULL,
	"doc_type" text NOT NULL,
	"doc_key" text NOT NULL,
	"message_ts" text NOT NULL,
	"event_id" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "posted_documents_tenant_id_channel_id_company_doc_type_doc_key_pk" PRIMARY KEY("tenant_id","channel_id","company","doc_type","doc_key")
);
--> statement-breakpoint
CREATE TABLE "slack_channels" (
	"tenant_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"name" text,
	"status" text DEFAULT 'ok' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "slack_channels_tenant_id_channel_id_pk" PRIMARY KEY("tenant_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "slack_events_seen" (
	"event_id" text PRIMARY KEY NOT NULL,
	"team_id" text,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "action" text;--> statement-breakpoint
ALTER TABLE "slack_installations" ADD COLUMN "app_id" text;--> statement-breakpoint
ALTER TABLE "slack_installations" ADD COLUMN "team_url" text;--> statement-breakpoint
ALTER TABLE "slack_installations" ADD COLUMN "is_enterprise_install" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "slack_installations" ADD COLUMN "refresh_token_sealed" text;--> statement-breakpoint
ALTER TABLE "slack_installations" ADD COLUMN "token_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "slack_installations" ADD COLUMN "refresh_lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "posted_documents_message_idx" ON "posted_documents" USING btree ("tenant_id","channel_id","message_ts");