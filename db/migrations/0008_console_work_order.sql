ALTER TABLE `complainants` ADD `profit_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `registry_entries` ADD `held_by` text;--> statement-breakpoint
CREATE INDEX `registry_by_holder` ON `registry_entries` (`held_by`,`created_at`,`id`);--> statement-breakpoint
UPDATE `registry_entries` SET `held_by` = (SELECT `actor` FROM `audit_log` WHERE `audit_log`.`entity_id` = `registry_entries`.`id` AND `audit_log`.`action` IN ('claim', 'manual_proposal') ORDER BY `audit_log`.`seq` DESC LIMIT 1);
