CREATE INDEX `events_service_ts_idx` ON `events` (`service`,`ts_ms`);--> statement-breakpoint
CREATE INDEX `events_event_type_ts_idx` ON `events` (`event_type`,`ts_ms`);