-- Placeholder: its owner replaces this with the tables (hand-written, statement-breakpoint separated).
SELECT 1;
