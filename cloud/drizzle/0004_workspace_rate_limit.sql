CREATE TABLE "slack_workspace_limits" (
	"team_id" text PRIMARY KEY NOT NULL,
	"rate_limited_until" timestamp with time zone,
	"rate_limited_method" text,
	"channel_limited_id" text,
	"channel_limited_until" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
