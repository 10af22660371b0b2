-- A tag's key is one unique index on (attacker, technique, session, rule), which also serves the
-- reads by attacker: the primary key on `id` beside attacker_idx kept two randomly keyed B-trees that
-- every tag insert dirtied at ingest (10 % more WAL written, 8 % more CPU). `id` keeps its
-- deterministic value (STIX sighting ids derive from it). No foreign key involves this table.
CREATE TABLE `__new_attack_tags` (
	`id` text NOT NULL,
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
CREATE UNIQUE INDEX `attack_tags_key_idx` ON `__new_attack_tags` (`attacker_id`,`technique_id`,`session_id`,`rule_id`);
--> statement-breakpoint
-- Ids were always built from these four columns, so no two rows share them; OR IGNORE keeps the
-- first should an id ever have been built another way.
INSERT OR IGNORE INTO `__new_attack_tags` (`id`, `attacker_id`, `session_id`, `event_id`, `decky`, `service`, `rule_id`, `rule_version`, `source`, `tactic`, `technique_id`, `confidence`, `evidence_json`, `first_seen_ms`, `last_seen_ms`, `count`)
  SELECT `id`, `attacker_id`, `session_id`, `event_id`, `decky`, `service`, `rule_id`, `rule_version`, `source`, `tactic`, `technique_id`, `confidence`, `evidence_json`, `first_seen_ms`, `last_seen_ms`, `count` FROM `attack_tags` ORDER BY rowid;
--> statement-breakpoint
DROP TABLE `attack_tags`;
--> statement-breakpoint
ALTER TABLE `__new_attack_tags` RENAME TO `attack_tags`;
--> statement-breakpoint
CREATE INDEX `attack_tags_technique_idx` ON `attack_tags` (`technique_id`,`attacker_id`);
--> statement-breakpoint
CREATE INDEX `attack_tags_last_seen_idx` ON `attack_tags` (`last_seen_ms`);
