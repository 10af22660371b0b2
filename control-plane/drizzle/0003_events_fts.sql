-- Full-text index over the raw event lines for the `q` filter: an external-content FTS5 table (no
-- second copy of the text). It is filled in bulk, not per insert (a per-row trigger made ingest 3-4x
-- slower; a bulk INSERT ... SELECT indexes ~150,000 rows/s): fts_state.indexed_upto is the highest
-- events rowid indexed, advanced in one transaction with the rows (services/query/fts-sync.ts), and
-- retention deletes a chunk's index entries with the chunk.
CREATE VIRTUAL TABLE `events_fts` USING fts5(raw, content='events', content_rowid='rowid', columnsize=0);
--> statement-breakpoint
CREATE TABLE `fts_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`indexed_upto` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `fts_state` (`id`, `indexed_upto`) VALUES (1, 0);
