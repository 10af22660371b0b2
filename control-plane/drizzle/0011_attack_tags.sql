CREATE TABLE `attack_tags` (
	`id` text PRIMARY KEY NOT NULL,
	`attacker_id` text NOT NULL,
	`session_id` text DEFAULT '' NOT NULL,
	`event_id` text,
	`decky` text,
	`service` text,
	`rule_id` text NOT NULL,
	`rule_version` integer NOT NULL,
	`source` text NOT NULL,
	`tactic` text NOT NULL,
	`technique_id` text NOT NULL,
	`confidence` real NOT NULL,
	`evidence_json` text DEFAULT '{}' NOT NULL,
	`first_seen_ms` integer NOT NULL,
	`last_seen_ms` integer NOT NULL,
	`count` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attack_tags_attacker_idx` ON `attack_tags` (`attacker_id`,`technique_id`);--> statement-breakpoint
CREATE INDEX `attack_tags_technique_idx` ON `attack_tags` (`technique_id`,`attacker_id`);--> statement-breakpoint
CREATE INDEX `attack_tags_session_idx` ON `attack_tags` (`session_id`);--> statement-breakpoint
CREATE INDEX `attack_tags_last_seen_idx` ON `attack_tags` (`last_seen_ms`);--> statement-breakpoint
CREATE TABLE `attack_rule_state` (
	`rule_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`confidence_max` real,
	`updated_at_ms` integer NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
CREATE TABLE `attack_cred_spread` (
	`attacker_id` text NOT NULL,
	`axis` text NOT NULL,
	`key` text NOT NULL,
	`values_json` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`attacker_id`, `axis`, `key`)
);
