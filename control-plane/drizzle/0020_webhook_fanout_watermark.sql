-- Fan-out progress as one watermark, the highest outbox seq whose deliveries exist (as fts_state):
-- marking every fact row fanned rewrote the row and its index entry, about 40 us per fact, while
-- ingest waited for the write lock. Facts are fanned in seq order and a later commit always has
-- higher seqs, so the facts not yet fanned are exactly those above the watermark.
CREATE TABLE `webhook_fanout_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`fanned_upto` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `webhook_fanout_state` (`id`, `fanned_upto`) VALUES (1, (SELECT coalesce(max(`seq`), 0) FROM `webhook_outbox` WHERE `fanned_at_ms` IS NOT NULL));
--> statement-breakpoint
DROP INDEX IF EXISTS `webhook_outbox_unfanned_idx`;
--> statement-breakpoint
ALTER TABLE `webhook_outbox` DROP COLUMN `fanned_at_ms`;
