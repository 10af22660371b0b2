CREATE TABLE `attacker_fingerprints` (
	`attacker_id` text NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`first_seen_ms` integer NOT NULL,
	`last_seen_ms` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`attacker_id`, `kind`, `value`)
);
--> statement-breakpoint
CREATE INDEX `attacker_fingerprints_value_idx` ON `attacker_fingerprints` (`kind`,`value`);