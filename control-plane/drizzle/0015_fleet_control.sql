ALTER TABLE `hosts` ADD `site` text;
--> statement-breakpoint
ALTER TABLE `hosts` ADD `max_deckies` integer;
--> statement-breakpoint
ALTER TABLE `hosts` ADD `rotation_interval_min` integer;
--> statement-breakpoint
ALTER TABLE `hosts` ADD `decommission_acked_at_ms` integer;
--> statement-breakpoint
CREATE INDEX `hosts_site_idx` ON `hosts` (`site`);
--> statement-breakpoint
ALTER TABLE `enrollment_tokens` ADD `site` text;
--> statement-breakpoint
CREATE INDEX `events_host_ts_idx` ON `events` (`host_id`,`ts_ms`);
--> statement-breakpoint
CREATE TABLE `fleet_commands` (
	`id` text PRIMARY KEY NOT NULL,
	`host_id` text NOT NULL,
	`kind` text NOT NULL,
	`target` text NOT NULL,
	`action` text NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`result` text,
	`created_by` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	`acked_at_ms` integer
);
--> statement-breakpoint
CREATE INDEX `fleet_commands_host_status_idx` ON `fleet_commands` (`host_id`,`status`,`created_at_ms`);
--> statement-breakpoint
CREATE TABLE `fleet_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at_ms` integer NOT NULL
);
