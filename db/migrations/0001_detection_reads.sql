DROP INDEX `complainants_merged`;--> statement-breakpoint
CREATE INDEX `complainants_merged` ON `complainants` (`merged_into`,`id`);--> statement-breakpoint
DROP INDEX `complaints_by_complainant`;--> statement-breakpoint
CREATE INDEX `complaints_by_complainant` ON `complaints` (`complainant_id`,`received_at`,`seq`,`id`,`external_id`,`kind`,`respondent_name`,`respondent_credit_code`,`respondent_region`,`purchase_at`,`text_hash`,`facts`,`self_matches`);--> statement-breakpoint
DROP INDEX `identifiers_owner`;--> statement-breakpoint
CREATE INDEX `identifiers_owner` ON `identifiers` (`complainant_id`,`type`,`hash`,`first_seen_at`);--> statement-breakpoint
CREATE INDEX `events_by_complaint` ON `events` (`complaint_id`,`at`,`seq`,`id`,`type`,`amount`,`note`,`created_at`);