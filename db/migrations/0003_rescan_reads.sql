ALTER TABLE `complainants` ADD `assessment_codes` text;--> statement-breakpoint
CREATE INDEX `complaints_signatures` ON `complaints` (`seq`,`signature`);