CREATE TABLE "login_account_failures" (
	"username" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "login_account_failures_username_minute_pk" PRIMARY KEY("username","minute")
);
--> statement-breakpoint
CREATE TABLE "login_account_locks" (
	"username" text PRIMARY KEY NOT NULL,
	"locked_until" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_known_sources" (
	"username" text NOT NULL,
	"source" text NOT NULL,
	"last_success_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "login_known_sources_username_source_pk" PRIMARY KEY("username","source")
);
--> statement-breakpoint
CREATE INDEX "login_account_failures_minute_idx" ON "login_account_failures" USING btree ("minute");