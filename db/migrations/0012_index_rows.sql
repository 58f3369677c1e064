DROP INDEX `complaints_signatures`;--> statement-breakpoint
CREATE INDEX `complaints_index_rows` ON `complaints` (`seq`,`signature`,`received_at`,`complainant_id`);