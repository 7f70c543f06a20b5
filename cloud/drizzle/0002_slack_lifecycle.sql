CREATE TABLE "slack_install_links" (
	"link_hash" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"created_by" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "slack_request_signatures" (
	"signature" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "oauth_states" ADD COLUMN "actor" text DEFAULT 'install-link' NOT NULL;--> statement-breakpoint
ALTER TABLE "oauth_states" ADD COLUMN "install_link_hash" text;--> statement-breakpoint
ALTER TABLE "slack_events_seen" ADD COLUMN "event_type" text;--> statement-breakpoint
ALTER TABLE "slack_events_seen" ADD COLUMN "payload" jsonb;--> statement-breakpoint
ALTER TABLE "slack_events_seen" ADD COLUMN "processed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "slack_events_seen" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "slack_events_seen" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "slack_install_links" ADD CONSTRAINT "slack_install_links_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "slack_install_links_tenant_idx" ON "slack_install_links" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "slack_events_pending_idx" ON "slack_events_seen" USING btree ("received_at") WHERE processed_at is null;--> statement-breakpoint
CREATE INDEX "slack_installations_team_idx" ON "slack_installations" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "slack_installations_enterprise_idx" ON "slack_installations" USING btree ("enterprise_id");