CREATE TABLE `webhook_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`patterns_json` text NOT NULL,
	`format` text DEFAULT 'json' NOT NULL,
	`enabled` integer DEFAULT 1 NOT NULL,
	`secret_enc` text NOT NULL,
	`batch_window_ms` integer DEFAULT 0 NOT NULL,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`auto_disabled_at_ms` integer,
	`lease_owner` text,
	`lease_until_ms` integer,
	`last_success_ms` integer,
	`last_failure_ms` integer,
	`last_error` text,
	`created_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhook_outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`topic` text NOT NULL,
	`type` text NOT NULL,
	`ts_ms` integer NOT NULL,
	`payload_json` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	`fanned_at_ms` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_outbox_id_idx` ON `webhook_outbox` (`id`);
--> statement-breakpoint
CREATE INDEX `webhook_outbox_unfanned_idx` ON `webhook_outbox` (`fanned_at_ms`,`seq`);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` text NOT NULL,
	`fact_seq` integer NOT NULL,
	`fact_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_ms` integer NOT NULL,
	`last_status` integer,
	`last_error` text,
	`created_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL,
	`delivered_at_ms` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_deliveries_sub_fact_idx` ON `webhook_deliveries` (`subscription_id`,`fact_id`);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_queue_idx` ON `webhook_deliveries` (`subscription_id`,`status`,`fact_seq`);
