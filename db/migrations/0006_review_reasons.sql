ALTER TABLE `signatures` ADD `review_reason` text;--> statement-breakpoint
ALTER TABLE `signatures` ADD `website_proven_at` integer;--> statement-breakpoint
CREATE INDEX `signatures_letter_organization` ON `signatures` (`letter`,`organization_key`);