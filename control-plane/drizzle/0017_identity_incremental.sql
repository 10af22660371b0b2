CREATE TABLE `identity_dirty` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`attacker_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `identity_dirty_attacker_idx` ON `identity_dirty` (`attacker_id`);
--> statement-breakpoint
CREATE TABLE `identity_keys` (
	`key` text NOT NULL,
	`attacker_id` text NOT NULL,
	PRIMARY KEY(`key`, `attacker_id`)
);
--> statement-breakpoint
CREATE INDEX `identity_keys_attacker_idx` ON `identity_keys` (`attacker_id`);
--> statement-breakpoint
CREATE TABLE `identity_key_counts` (
	`key` text PRIMARY KEY NOT NULL,
	`holders` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `identity_aggregates` (
	`identity_id` text PRIMARY KEY NOT NULL,
	`agg_json` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `identity_runs` ADD `keys_ready` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
CREATE TRIGGER `identity_dirty_attacker_insert` AFTER INSERT ON `attackers` BEGIN
	DELETE FROM `identity_dirty` WHERE `attacker_id` = NEW.`id`;
	INSERT INTO `identity_dirty` (`attacker_id`) VALUES (NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `identity_dirty_attacker_update` AFTER UPDATE ON `attackers` BEGIN
	DELETE FROM `identity_dirty` WHERE `attacker_id` = NEW.`id`;
	INSERT INTO `identity_dirty` (`attacker_id`) VALUES (NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `identity_dirty_attacker_delete` AFTER DELETE ON `attackers` BEGIN
	DELETE FROM `identity_dirty` WHERE `attacker_id` = OLD.`id`;
	INSERT INTO `identity_dirty` (`attacker_id`) VALUES (OLD.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `identity_dirty_enrichment_insert` AFTER INSERT ON `attacker_enrichment` BEGIN
	DELETE FROM `identity_dirty` WHERE `attacker_id` = NEW.`attacker_id`;
	INSERT INTO `identity_dirty` (`attacker_id`) VALUES (NEW.`attacker_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `identity_dirty_enrichment_update` AFTER UPDATE OF `country`, `asn` ON `attacker_enrichment` BEGIN
	DELETE FROM `identity_dirty` WHERE `attacker_id` = NEW.`attacker_id`;
	INSERT INTO `identity_dirty` (`attacker_id`) VALUES (NEW.`attacker_id`);
END;
