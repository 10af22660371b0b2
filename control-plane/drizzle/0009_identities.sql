CREATE TABLE `identities` (
	`id` text PRIMARY KEY NOT NULL,
	`first_seen_ms` integer NOT NULL,
	`last_seen_ms` integer NOT NULL,
	`member_count` integer NOT NULL,
	`formed_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL,
	`summary_json` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `identities_last_seen_idx` ON `identities` (`last_seen_ms`);
--> statement-breakpoint
CREATE TABLE `identity_members` (
	`attacker_id` text PRIMARY KEY NOT NULL,
	`identity_id` text NOT NULL,
	`joined_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `identity_members_identity_idx` ON `identity_members` (`identity_id`);
--> statement-breakpoint
CREATE TABLE `identity_edges` (
	`a_id` text NOT NULL,
	`b_id` text NOT NULL,
	`weight` real NOT NULL,
	`manual` integer DEFAULT 0 NOT NULL,
	`evidence_json` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`a_id`, `b_id`)
);
--> statement-breakpoint
CREATE INDEX `identity_edges_b_idx` ON `identity_edges` (`b_id`);
--> statement-breakpoint
CREATE TABLE `identity_overrides` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`attacker_id` text NOT NULL,
	`other_attacker_id` text,
	`actor` text NOT NULL,
	`at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `identity_overrides_attacker_idx` ON `identity_overrides` (`attacker_id`);
--> statement-breakpoint
CREATE TABLE `identity_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`identity_id` text,
	`campaign_id` text,
	`actor` text,
	`ts_ms` integer NOT NULL,
	`payload_json` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `identity_log_id_idx` ON `identity_log` (`id`);
--> statement-breakpoint
CREATE INDEX `identity_log_identity_idx` ON `identity_log` (`identity_id`, `seq`);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`first_seen_ms` integer NOT NULL,
	`last_seen_ms` integer NOT NULL,
	`identity_count` integer NOT NULL,
	`formed_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL,
	`evidence_json` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `campaign_members` (
	`identity_id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `campaign_members_campaign_idx` ON `campaign_members` (`campaign_id`);
--> statement-breakpoint
CREATE TABLE `identity_runs` (
	`id` integer PRIMARY KEY NOT NULL,
	`lease_owner` text,
	`lease_until_ms` integer DEFAULT 0 NOT NULL,
	`cursor_ms` integer DEFAULT -1 NOT NULL,
	`overrides_seen` integer DEFAULT 0 NOT NULL,
	`last_run_ms` integer DEFAULT 0 NOT NULL,
	`last_duration_ms` integer DEFAULT 0 NOT NULL
);
