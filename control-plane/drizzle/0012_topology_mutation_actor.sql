ALTER TABLE `topology_mutations` ADD `actor` text;
