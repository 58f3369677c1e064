CREATE TABLE `allowlist` (
	`id` text PRIMARY KEY NOT NULL,
	`complainant_id` text NOT NULL,
	`reason` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_by` text
);
--> statement-breakpoint
CREATE INDEX `allowlist_by_complainant` ON `allowlist` (`complainant_id`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_token_hash_unique` ON `api_keys` (`token_hash`);--> statement-breakpoint
CREATE TABLE `assessments` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`complainant_id` text NOT NULL,
	`as_of` integer NOT NULL,
	`rule_set_version` text NOT NULL,
	`score` integer NOT NULL,
	`level` text NOT NULL,
	`findings` blob NOT NULL,
	`counts` text NOT NULL,
	`source` text NOT NULL,
	`source_id` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `assessments_by_complainant` ON `assessments` (`complainant_id`,`as_of`,`seq`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`action` text NOT NULL,
	`actor` text NOT NULL,
	`at` integer NOT NULL,
	`reason` text,
	`from_state` text,
	`to_state` text,
	`data` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_by_entity` ON `audit_log` (`entity_id`,`seq`);--> statement-breakpoint
CREATE TABLE `complainants` (
	`num` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`key_type` text NOT NULL,
	`key_hash` text NOT NULL,
	`id_type` text,
	`name` text,
	`created_at` integer NOT NULL,
	`merged_into` text,
	`assessment_seq` integer,
	`assessed_as_of` integer,
	`score` integer DEFAULT 0 NOT NULL,
	`level` text DEFAULT 'none' NOT NULL,
	`registry_state` text DEFAULT 'none' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `complainants_id_unique` ON `complainants` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `complainants_key` ON `complainants` (`key_type`,`key_hash`);--> statement-breakpoint
CREATE INDEX `complainants_queue` ON `complainants` (`score`,`id`);--> statement-breakpoint
CREATE INDEX `complainants_level_queue` ON `complainants` (`level`,`score`,`id`);--> statement-breakpoint
CREATE INDEX `complainants_merged` ON `complainants` (`merged_into`);--> statement-breakpoint
CREATE TABLE `complaints` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`external_id` text NOT NULL,
	`content_hash` text NOT NULL,
	`complainant_id` text NOT NULL,
	`kind` text NOT NULL,
	`received_at` integer NOT NULL,
	`respondent_name` text NOT NULL,
	`respondent_credit_code` text,
	`respondent_region` text,
	`purchase_at` integer,
	`purchase_amount` integer,
	`purchase_quantity` real,
	`purchase_product` text,
	`purchase_order_ids` text,
	`claim_amount` integer,
	`claim_punitive` text,
	`claim_reward` integer,
	`claim_harm` integer,
	`text_hash` text NOT NULL,
	`facts` text NOT NULL,
	`self_matches` text NOT NULL,
	`channel` text,
	`respondent_platform` text,
	`respondent_shop_id` text,
	`id_type` text,
	`id_masked` text,
	`phone_masked` text,
	`account_masked` text,
	`created_at` integer NOT NULL,
	`complainant_name` text,
	`complainant_address` text,
	`text_normalised` text NOT NULL,
	`result` text NOT NULL,
	`signature` blob,
	`text` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_id_unique` ON `complaints` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_external_id_unique` ON `complaints` (`external_id`);--> statement-breakpoint
CREATE INDEX `complaints_by_complainant` ON `complaints` (`complainant_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `complaints_received` ON `complaints` (`received_at`);--> statement-breakpoint
CREATE TABLE `events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`complaint_id` text NOT NULL,
	`type` text NOT NULL,
	`at` integer NOT NULL,
	`amount` integer,
	`amount_key` integer NOT NULL,
	`note` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_id_unique` ON `events` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `events_identity` ON `events` (`complaint_id`,`type`,`at`,`amount_key`);--> statement-breakpoint
CREATE TABLE `identifiers` (
	`complainant_id` text NOT NULL,
	`type` text NOT NULL,
	`hash` text NOT NULL,
	`masked` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	PRIMARY KEY(`type`, `hash`, `complainant_id`)
);
--> statement-breakpoint
CREATE INDEX `identifiers_owner` ON `identifiers` (`complainant_id`);--> statement-breakpoint
CREATE TABLE `merges` (
	`id` text PRIMARY KEY NOT NULL,
	`kept_id` text NOT NULL,
	`other_id` text NOT NULL,
	`moved` text NOT NULL,
	`reason` text NOT NULL,
	`actor` text NOT NULL,
	`at` integer NOT NULL,
	`undone_at` integer,
	`undone_by` text,
	`undo_reason` text
);
--> statement-breakpoint
CREATE TABLE `registry_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`complainant_id` text NOT NULL,
	`state` text NOT NULL,
	`origin` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	`proposed_by` text,
	`proposed_at` integer,
	`approved_by` text,
	`approved_at` integer,
	`deadline` integer,
	`defences` text,
	`decided_by` text,
	`decided_at` integer,
	`decision` text,
	`decision_reason` text,
	`listed_at` integer,
	`expires_at` integer,
	`measures` text,
	`evidence` text,
	`renewals` text,
	`notice_html` text,
	`closed_at` integer,
	`closed_seq` integer
);
--> statement-breakpoint
CREATE INDEX `registry_by_complainant` ON `registry_entries` (`complainant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `registry_by_created` ON `registry_entries` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `registry_by_state` ON `registry_entries` (`state`,`created_at`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `registry_one_open` ON `registry_entries` (`complainant_id`) WHERE state NOT IN ('dismissed', 'removed');--> statement-breakpoint
CREATE TABLE `rescan_items` (
	`rescan_id` text NOT NULL,
	`complainant_id` text NOT NULL,
	`before_level` text NOT NULL,
	`before_score` integer NOT NULL,
	`after_level` text NOT NULL,
	`after_score` integer NOT NULL,
	`findings` text NOT NULL,
	`outcome` text NOT NULL,
	PRIMARY KEY(`rescan_id`, `complainant_id`)
);
--> statement-breakpoint
CREATE TABLE `rescans` (
	`id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`dry_run` integer NOT NULL,
	`rule_set_version` text NOT NULL,
	`rule_set` text NOT NULL,
	`as_of` integer,
	`requested_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`progress_done` integer DEFAULT 0 NOT NULL,
	`progress_total` integer DEFAULT 0 NOT NULL,
	`checkpoint` text,
	`diff` text,
	`error` text
);
--> statement-breakpoint
CREATE TABLE `rule_sets` (
	`version` text PRIMARY KEY NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `similar_pairs` (
	`complaint_seq` integer NOT NULL,
	`other_seq` integer NOT NULL,
	`similarity` real NOT NULL,
	`complaint_received_at` integer NOT NULL,
	`complaint_complainant` text NOT NULL,
	`other_received_at` integer NOT NULL,
	`other_complainant` text NOT NULL,
	PRIMARY KEY(`complaint_seq`, `other_seq`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `similar_pairs_other` ON `similar_pairs` (`other_seq`,`complaint_seq`,`similarity`);