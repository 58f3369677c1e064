CREATE TABLE `document_counters` (
	`prefix` text NOT NULL,
	`year` integer NOT NULL,
	`last` integer NOT NULL,
	PRIMARY KEY(`prefix`, `year`)
);
--> statement-breakpoint
CREATE TABLE `document_services` (
	`document_id` text PRIMARY KEY NOT NULL,
	`method` text NOT NULL,
	`served_on` text NOT NULL,
	`note` text,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`entry_id` text NOT NULL,
	`kind` text NOT NULL,
	`number` text NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`html` text NOT NULL,
	`html_sha256` text NOT NULL,
	`pdf` blob,
	`pdf_sha256` text,
	`pdf_at` integer,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `documents_by_entry` ON `documents` (`entry_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `documents_number` ON `documents` (`number`);