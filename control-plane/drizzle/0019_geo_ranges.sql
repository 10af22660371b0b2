CREATE TABLE `geo_v4` (
	`start_num` integer PRIMARY KEY NOT NULL,
	`end_num` integer NOT NULL,
	`country` text,
	`asn` integer
);
--> statement-breakpoint
CREATE TABLE `geo_v6` (
	`start_key` text PRIMARY KEY NOT NULL,
	`end_key` text NOT NULL,
	`country` text,
	`asn` integer
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `geo_as_orgs` (
	`asn` integer PRIMARY KEY NOT NULL,
	`org` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `geo_dataset` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` text NOT NULL,
	`v4_rows` integer NOT NULL,
	`v6_rows` integer NOT NULL,
	`loaded_at_ms` integer NOT NULL,
	`backfill_after` integer DEFAULT 0 NOT NULL,
	`backfilled_at_ms` integer
);
