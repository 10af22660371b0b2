CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`must_change_password` integer DEFAULT true NOT NULL,
	`token_version` integer DEFAULT 0 NOT NULL,
	`created_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL,
	`last_login_at_ms` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE TABLE `login_attempts` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start_ms` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `hosts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`cert_fingerprint` text,
	`status` text NOT NULL,
	`agent_version` text,
	`last_heartbeat_at_ms` integer,
	`heartbeat_json` text,
	`desired_version` integer DEFAULT 0 NOT NULL,
	`created_at_ms` integer NOT NULL,
	`decommissioned_at_ms` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hosts_name_unique` ON `hosts` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `hosts_cert_fingerprint_unique` ON `hosts` (`cert_fingerprint`);--> statement-breakpoint
CREATE TABLE `enrollment_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`host_name` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	`expires_at_ms` integer NOT NULL,
	`used_at_ms` integer,
	`host_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrollment_tokens_token_hash_unique` ON `enrollment_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `deckies` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`host_id` text,
	`archetype` text,
	`services_json` text NOT NULL,
	`service_config_json` text DEFAULT '{}' NOT NULL,
	`nmap_os` text,
	`mutate_interval_min` integer,
	`ip` text,
	`reported_state` text,
	`reported_services_json` text,
	`reported_error` text,
	`reported_at_ms` integer,
	`created_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deckies_name_unique` ON `deckies` (`name`);--> statement-breakpoint
CREATE INDEX `deckies_host_idx` ON `deckies` (`host_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`host_id` text,
	`ts_ms` integer NOT NULL,
	`received_at_ms` integer NOT NULL,
	`decky` text NOT NULL,
	`service` text NOT NULL,
	`event_type` text NOT NULL,
	`src_ip` text,
	`src_port` integer,
	`fields_json` text DEFAULT '{}' NOT NULL,
	`msg` text,
	`raw` text
);
--> statement-breakpoint
CREATE INDEX `events_ts_idx` ON `events` (`ts_ms`);--> statement-breakpoint
CREATE INDEX `events_src_ip_ts_idx` ON `events` (`src_ip`,`ts_ms`);--> statement-breakpoint
CREATE INDEX `events_decky_ts_idx` ON `events` (`decky`,`ts_ms`);