CREATE TABLE `staff_accounts` (
	`email` text PRIMARY KEY NOT NULL,
	`added_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `staff_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`user_agent` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `staff_sessions_email` ON `staff_sessions` (`email`);--> statement-breakpoint
CREATE TABLE `staff_sign_in_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_sign_in_tokens_token_hash_unique` ON `staff_sign_in_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `staff_sign_in_tokens_email` ON `staff_sign_in_tokens` (`email`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`staff` text NOT NULL,
	`action` text NOT NULL,
	`letter` text,
	`signature_ids` text DEFAULT '[]' NOT NULL,
	`before` text,
	`after` text,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `letter_deliveries` (
	`letter` text PRIMARY KEY NOT NULL,
	`delivered_at` integer NOT NULL,
	`recipients` text NOT NULL,
	`note` text,
	`delivered_by` text NOT NULL,
	`snapshot` text NOT NULL,
	`snapshot_sha256` text NOT NULL,
	`signatories` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `signatures` ADD `client_hash` text;--> statement-breakpoint
CREATE INDEX `signatures_letter_client` ON `signatures` (`letter`,`client_hash`,`created_at`);--> statement-breakpoint
CREATE INDEX `signatures_letter_created` ON `signatures` (`letter`,`created_at`);