DROP INDEX `events_by_complaint`;--> statement-breakpoint
ALTER TABLE `events` ADD `complainant_id` text;--> statement-breakpoint
UPDATE `events` SET `complainant_id` = (SELECT `complainant_id` FROM `complaints` WHERE `complaints`.`id` = `events`.`complaint_id`);--> statement-breakpoint
CREATE INDEX `events_by_complainant` ON `events` (`complainant_id`,`at`,`seq`,`id`,`complaint_id`,`type`,`amount`,`note`,`created_at`);