CREATE TABLE `agent_releases` (
	`version` text PRIMARY KEY NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`status` text NOT NULL,
	`signature` text,
	`chunk_bytes` integer NOT NULL,
	`notes` text,
	`created_by` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	`published_at_ms` integer
);
--> statement-breakpoint
CREATE TABLE `agent_release_chunks` (
	`version` text NOT NULL,
	`idx` integer NOT NULL,
	`data_b64` text NOT NULL,
	PRIMARY KEY(`version`, `idx`)
);
--> statement-breakpoint
CREATE TABLE `host_updates` (
	`host_id` text PRIMARY KEY NOT NULL,
	`push_id` text NOT NULL,
	`target_version` text NOT NULL,
	`previous_version` text,
	`phase` text NOT NULL,
	`reason` text,
	`requested_by` text NOT NULL,
	`requested_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `host_updates_target_idx` ON `host_updates` (`target_version`);
