CREATE TABLE `canary_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`kind` text NOT NULL,
	`generator` text NOT NULL,
	`memo` text DEFAULT '' NOT NULL,
	`nonce` text NOT NULL,
	`url` text NOT NULL,
	`dns_name` text,
	`principal` text,
	`secret` text,
	`file_name` text NOT NULL,
	`content` text,
	`created_at_ms` integer NOT NULL,
	`revoked_at_ms` integer,
	`trigger_count` integer DEFAULT 0 NOT NULL,
	`last_triggered_ms` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `canary_tokens_slug_idx` ON `canary_tokens` (`slug`);
--> statement-breakpoint
CREATE TABLE `canary_match_values` (
	`value` text NOT NULL,
	`token_id` text NOT NULL,
	PRIMARY KEY(`value`, `token_id`)
);
--> statement-breakpoint
CREATE TABLE `canary_placements` (
	`id` text PRIMARY KEY NOT NULL,
	`token_id` text NOT NULL,
	`decky_name` text NOT NULL,
	`path` text NOT NULL,
	`created_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `canary_placements_decky_path_idx` ON `canary_placements` (`decky_name`,`path`);
--> statement-breakpoint
CREATE INDEX `canary_placements_token_idx` ON `canary_placements` (`token_id`);
--> statement-breakpoint
CREATE TABLE `canary_triggers` (
	`id` text PRIMARY KEY NOT NULL,
	`token_id` text NOT NULL,
	`via` text NOT NULL,
	`ts_ms` integer NOT NULL,
	`src_ip` text,
	`attacker_id` text,
	`user_agent` text,
	`headers_json` text DEFAULT '{}' NOT NULL,
	`dns_name` text,
	`decky` text,
	`service` text,
	`principal` text,
	`fingerprint_json` text,
	`fingerprint_verified` integer
);
--> statement-breakpoint
CREATE INDEX `canary_triggers_token_idx` ON `canary_triggers` (`token_id`,`ts_ms`);
--> statement-breakpoint
CREATE INDEX `canary_triggers_attacker_idx` ON `canary_triggers` (`attacker_id`);
