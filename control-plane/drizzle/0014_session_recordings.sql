CREATE TABLE `session_recordings` (
	`session_id` text NOT NULL,
	`seq` integer NOT NULL,
	`chunks` integer NOT NULL,
	`ts_ms` integer NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`session_id`, `seq`)
);
--> statement-breakpoint
CREATE INDEX `session_recordings_ts_idx` ON `session_recordings` (`ts_ms`);
