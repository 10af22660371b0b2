CREATE TABLE `attacker_enrichment` (
	`attacker_id` text PRIMARY KEY NOT NULL,
	`ip` text NOT NULL,
	`scope` text NOT NULL,
	`country` text,
	`asn` integer,
	`as_org` text,
	`dataset` text,
	`enriched_at_ms` integer NOT NULL,
	`ptr` text,
	`ptr_status` text NOT NULL,
	`ptr_at_ms` integer
);
--> statement-breakpoint
CREATE INDEX `attacker_enrichment_country_idx` ON `attacker_enrichment` (`country`);
--> statement-breakpoint
CREATE INDEX `attacker_enrichment_asn_idx` ON `attacker_enrichment` (`asn`);
--> statement-breakpoint
CREATE INDEX `attacker_enrichment_ptr_idx` ON `attacker_enrichment` (`ptr_status`);
