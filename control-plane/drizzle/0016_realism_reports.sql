CREATE TABLE `selftest_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`host_id` text NOT NULL,
	`deckies_json` text,
	`requested_by` text,
	`requested_at_ms` integer NOT NULL,
	`completed_at_ms` integer
);
--> statement-breakpoint
CREATE INDEX `selftest_requests_host_idx` ON `selftest_requests` (`host_id`,`completed_at_ms`);
--> statement-breakpoint
CREATE TABLE `realism_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`host_id` text NOT NULL,
	`decky_name` text NOT NULL,
	`request_id` text,
	`ran_at_ms` integer NOT NULL,
	`passed` integer NOT NULL,
	`failed_checks` integer NOT NULL,
	`report_json` text NOT NULL,
	`received_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `realism_reports_decky_idx` ON `realism_reports` (`decky_name`,`ran_at_ms`);
