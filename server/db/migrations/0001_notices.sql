CREATE TABLE "campaigns" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaigns_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"theme" text,
	"period_start" date,
	"period_end" date,
	"slogans" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"owner_unit_id" integer NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_recipients" (
	"notice_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"read_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"signed_by" integer,
	CONSTRAINT "notice_recipients_notice_id_unit_id_pk" PRIMARY KEY("notice_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"parent_id" integer,
	"path" text DEFAULT '' NOT NULL,
	"depth" integer DEFAULT 0 NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"issuer_unit_id" integer NOT NULL,
	"issuer_name" text NOT NULL,
	"doc_number" text,
	"title" text NOT NULL,
	"issued_on" date,
	"deadline" date,
	"theme" text,
	"slogans" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"co_issuers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cites" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"arrangements" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required_reports" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"form_code" text,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"change_note" text,
	"issued_at" timestamp with time zone,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notices_kind_ck" CHECK ("notices"."kind" in ('notice','forward','plan')),
	CONSTRAINT "notices_status_ck" CHECK ("notices"."status" in ('draft','issued'))
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_recipients" ADD CONSTRAINT "notice_recipients_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_recipients" ADD CONSTRAINT "notice_recipients_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_recipients" ADD CONSTRAINT "notice_recipients_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_parent_id_notices_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_issuer_unit_id_units_id_fk" FOREIGN KEY ("issuer_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_owner_name_uq" ON "campaigns" USING btree ("owner_unit_id","name");--> statement-breakpoint
CREATE INDEX "notice_recipients_unit_idx" ON "notice_recipients" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notices_issuer_doc_uq" ON "notices" USING btree ("issuer_unit_id","doc_number");--> statement-breakpoint
CREATE INDEX "notices_path_idx" ON "notices" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "notices_parent_idx" ON "notices" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "notices_issuer_idx" ON "notices" USING btree ("issuer_unit_id");--> statement-breakpoint
CREATE INDEX "notices_campaign_idx" ON "notices" USING btree ("campaign_id");--> statement-breakpoint
CREATE FUNCTION notices_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE parent_path text; parent_depth integer;
BEGIN
  IF NEW.parent_id IS NULL THEN
    NEW.path := '/' || NEW.id || '/';
    NEW.depth := 0;
  ELSE
    SELECT path, depth INTO parent_path, parent_depth FROM notices WHERE id = NEW.parent_id;
    NEW.path := parent_path || NEW.id || '/';
    NEW.depth := parent_depth + 1;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER notices_set_path BEFORE INSERT ON notices FOR EACH ROW EXECUTE FUNCTION notices_set_path();
