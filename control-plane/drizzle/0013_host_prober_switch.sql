ALTER TABLE `hosts` ADD `prober_enabled` integer;
