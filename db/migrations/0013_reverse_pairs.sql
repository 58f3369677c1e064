CREATE TABLE `similar_pair_marks` (
	`block` integer PRIMARY KEY NOT NULL,
	`through` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `similar_pairs_by_older` (
	`other_seq` integer NOT NULL,
	`complaint_seq` integer NOT NULL,
	`similarity` real NOT NULL,
	PRIMARY KEY(`other_seq`, `complaint_seq`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `similar_pairs_by_older` (`other_seq`, `complaint_seq`, `similarity`)
	SELECT `other_seq`, `complaint_seq`, `similarity` FROM `similar_pairs` ORDER BY `other_seq`, `complaint_seq`;
--> statement-breakpoint
WITH RECURSIVE `blocks`(`b`) AS (
	SELECT 0 UNION ALL SELECT `b` + 1 FROM `blocks` WHERE `b` < (SELECT max(`other_seq`) >> 12 FROM `similar_pairs`)
)
INSERT INTO `similar_pair_marks` (`block`, `through`)
	SELECT `b`, (SELECT max(`complaint_seq`) FROM `similar_pairs`) FROM `blocks` WHERE EXISTS (SELECT 1 FROM `similar_pairs`);
--> statement-breakpoint
DROP INDEX IF EXISTS `similar_pairs_other`;
--> statement-breakpoint
UPDATE `settings` SET `value` = (
	SELECT json_group_array(json(`d`.`value`)) FROM json_each(`settings`.`value`) AS `d` WHERE json_extract(`d`.`value`, '$.name') != 'similar_pairs_other'
) WHERE `key` = 'bulk-load.deferred-indexes';
