CREATE TABLE `delivered_entries` (
	`letter` text NOT NULL,
	`position` integer NOT NULL,
	`signature_id` integer,
	`salt` text NOT NULL,
	`fields` text NOT NULL,
	`entry_hash` text NOT NULL,
	PRIMARY KEY(`letter`, `position`)
);
