CREATE TABLE `public_changes` (
	`letter` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
