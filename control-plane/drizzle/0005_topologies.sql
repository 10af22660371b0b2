CREATE TABLE `topologies` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`host_id` text NOT NULL,
	`status` text NOT NULL,
	`status_reason` text,
	`version` integer DEFAULT 0 NOT NULL,
	`applied_version` integer,
	`isolated` integer,
	`deployed_at_ms` integer,
	`created_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topologies_name_unique` ON `topologies` (`name`);--> statement-breakpoint
CREATE INDEX `topologies_host_idx` ON `topologies` (`host_id`);--> statement-breakpoint
CREATE TABLE `topology_edges` (
	`topology_id` text NOT NULL,
	`decky_id` text NOT NULL,
	`lan` text NOT NULL,
	`ip` text NOT NULL,
	`ord` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topology_edges_decky_lan_idx` ON `topology_edges` (`decky_id`,`lan`);--> statement-breakpoint
CREATE INDEX `topology_edges_topology_idx` ON `topology_edges` (`topology_id`);--> statement-breakpoint
CREATE TABLE `topology_lans` (
	`id` text PRIMARY KEY NOT NULL,
	`topology_id` text NOT NULL,
	`name` text NOT NULL,
	`subnet` text NOT NULL,
	`dmz` integer NOT NULL,
	`pos_x` real DEFAULT 0 NOT NULL,
	`pos_y` real DEFAULT 0 NOT NULL,
	`ord` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topology_lans_name_idx` ON `topology_lans` (`topology_id`,`name`);--> statement-breakpoint
CREATE TABLE `topology_mutations` (
	`id` text PRIMARY KEY NOT NULL,
	`topology_id` text NOT NULL,
	`ops_json` text NOT NULL,
	`trigger` text NOT NULL,
	`base_version` integer NOT NULL,
	`result_version` integer NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`affected_json` text DEFAULT '[]' NOT NULL,
	`created_at_ms` integer NOT NULL,
	`applied_at_ms` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topology_mutations_version_idx` ON `topology_mutations` (`topology_id`,`result_version`);--> statement-breakpoint
CREATE TABLE `topology_status_events` (
	`id` text PRIMARY KEY NOT NULL,
	`topology_id` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`reason` text,
	`at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `topology_status_events_topology_idx` ON `topology_status_events` (`topology_id`,`at_ms`);--> statement-breakpoint
ALTER TABLE `deckies` ADD `topology_id` text;--> statement-breakpoint
ALTER TABLE `deckies` ADD `forwards` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `deckies` ADD `pos_x` real;--> statement-breakpoint
ALTER TABLE `deckies` ADD `pos_y` real;--> statement-breakpoint
CREATE INDEX `deckies_topology_idx` ON `deckies` (`topology_id`);