CREATE TABLE `signatures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`letter` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`organization` text NOT NULL,
	`country` text NOT NULL,
	`website` text,
	`org_type` text NOT NULL,
	`statement` text,
	`listing` text NOT NULL,
	`contact_name` text,
	`contact_role` text,
	`email` text,
	`email_key` text NOT NULL,
	`email_domain` text NOT NULL,
	`organization_key` text NOT NULL,
	`organization_search` text NOT NULL,
	`trust` text NOT NULL,
	`held_reason` text,
	`locale` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`verified_at` integer,
	`published_at` integer,
	`withdrawn_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_letter_email_live` ON `signatures` (`letter`,`email_key`) WHERE "signatures"."status" <> 'withdrawn';--> statement-breakpoint
CREATE INDEX `signatures_letter_status_published` ON `signatures` (`letter`,`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `signatures_letter_domain` ON `signatures` (`letter`,`email_domain`);--> statement-breakpoint
CREATE TABLE `signature_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`signature_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`signature_id`) REFERENCES `signatures`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signature_tokens_token_hash_unique` ON `signature_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `signature_tokens_signature` ON `signature_tokens` (`signature_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`signature_id` integer,
	`kind` text NOT NULL,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text,
	`html_body` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`signature_id`) REFERENCES `signatures`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`key`, `window_start`)
);
--> statement-breakpoint
CREATE TABLE `form_flashes` (
	`id` text PRIMARY KEY NOT NULL,
	`payload` text NOT NULL,
	`expires_at` integer NOT NULL
);
