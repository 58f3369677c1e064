CREATE TABLE `text_identifiers` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_type` text NOT NULL,
	`source_id` text NOT NULL,
	`type` text NOT NULL,
	`hash` text NOT NULL,
	`masked` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `text_identifiers_by_hash` ON `text_identifiers` (`hash`);--> statement-breakpoint
CREATE INDEX `text_identifiers_by_source` ON `text_identifiers` (`source_id`);