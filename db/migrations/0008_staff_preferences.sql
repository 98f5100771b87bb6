CREATE TABLE `staff_preferences` (
	`email` text PRIMARY KEY NOT NULL,
	`locale` text,
	`daily_digest` integer DEFAULT true NOT NULL,
	`digest_sent_at` integer
);
