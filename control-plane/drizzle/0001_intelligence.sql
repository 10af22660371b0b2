CREATE TABLE `attackers` (
	`id` text PRIMARY KEY NOT NULL,
	`ip` text NOT NULL,
	`first_seen_ms` integer NOT NULL,
	`last_seen_ms` integer NOT NULL,
	`event_count` integer DEFAULT 0 NOT NULL,
	`connect_count` integer DEFAULT 0 NOT NULL,
	`auth_count` integer DEFAULT 0 NOT NULL,
	`command_count` integer DEFAULT 0 NOT NULL,
	`request_count` integer DEFAULT 0 NOT NULL,
	`credential_count` integer DEFAULT 0 NOT NULL,
	`artifact_count` integer DEFAULT 0 NOT NULL,
	`services_json` text DEFAULT '[]' NOT NULL,
	`deckies_json` text DEFAULT '[]' NOT NULL,
	`phases_json` text DEFAULT '[]' NOT NULL,
	`client_hints_json` text DEFAULT '[]' NOT NULL,
	`last_event_type` text,
	`iat_count` integer DEFAULT 0 NOT NULL,
	`iat_sum_s` real DEFAULT 0 NOT NULL,
	`iat_sum_sq_s` real DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attackers_ip_unique` ON `attackers` (`ip`);--> statement-breakpoint
CREATE INDEX `attackers_last_seen_idx` ON `attackers` (`last_seen_ms`);--> statement-breakpoint
CREATE INDEX `attackers_event_count_idx` ON `attackers` (`event_count`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`attacker_id` text NOT NULL,
	`src_ip` text NOT NULL,
	`decky` text NOT NULL,
	`service` text NOT NULL,
	`started_at_ms` integer NOT NULL,
	`last_seen_ms` integer NOT NULL,
	`ended_at_ms` integer,
	`event_count` integer DEFAULT 0 NOT NULL,
	`command_count` integer DEFAULT 0 NOT NULL,
	`commands_json` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_attacker_idx` ON `sessions` (`attacker_id`,`started_at_ms`);--> statement-breakpoint
CREATE INDEX `sessions_started_idx` ON `sessions` (`started_at_ms`);--> statement-breakpoint
CREATE TABLE `credential_reuse` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_sha256` text NOT NULL,
	`kind` text NOT NULL,
	`principal` text NOT NULL,
	`secret_printable` text NOT NULL,
	`target_count` integer NOT NULL,
	`attempts` integer NOT NULL,
	`targets_json` text NOT NULL,
	`attacker_ips_json` text NOT NULL,
	`first_seen_ms` integer NOT NULL,
	`last_seen_ms` integer NOT NULL,
	`detected_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `credential_reuse_last_seen_idx` ON `credential_reuse` (`last_seen_ms`);--> statement-breakpoint
CREATE TABLE `credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_sha256` text NOT NULL,
	`kind` text NOT NULL,
	`principal` text NOT NULL,
	`secret_printable` text NOT NULL,
	`secret_b64` text NOT NULL,
	`outcome` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_seen_ms` integer NOT NULL,
	`last_seen_ms` integer NOT NULL,
	`targets_json` text DEFAULT '[]' NOT NULL,
	`attacker_ips_json` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credentials_key_idx` ON `credentials` (`secret_sha256`,`kind`,`principal`);--> statement-breakpoint
CREATE INDEX `credentials_last_seen_idx` ON `credentials` (`last_seen_ms`);--> statement-breakpoint
CREATE TABLE `artifacts` (
	`id` text PRIMARY KEY NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`name` text,
	`decky` text NOT NULL,
	`service` text NOT NULL,
	`attacker_id` text,
	`src_ip` text,
	`stored_as` text,
	`ts_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `artifacts_attacker_idx` ON `artifacts` (`attacker_id`);--> statement-breakpoint
CREATE INDEX `artifacts_sha256_idx` ON `artifacts` (`sha256`);--> statement-breakpoint
CREATE TABLE `stream_tickets` (
	`ticket_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at_ms` integer NOT NULL,
	`used_at_ms` integer
);
--> statement-breakpoint
CREATE TABLE `event_rollups` (
	`hour_ms` integer NOT NULL,
	`decky` text NOT NULL,
	`service` text NOT NULL,
	`event_type` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`hour_ms`, `decky`, `service`, `event_type`)
);
