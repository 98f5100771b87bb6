-- Every change to what the public sees of a letter moves its counter in public_changes, in the
-- same transaction, whichever process makes it (the server, a CLI, an operator's sqlite3 shell).
-- Public: published entries (the list, counts, exports) and confirmed entries awaiting review
-- (their number is shown); and the letter's delivery. Pending, held and other rows are not public.
CREATE TRIGGER `public_change_signature_insert` AFTER INSERT ON `signatures`
WHEN NEW.`status` IN ('published', 'verified')
BEGIN
  INSERT INTO `public_changes` (`letter`, `version`) VALUES (NEW.`letter`, 1)
    ON CONFLICT (`letter`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `public_change_signature_update` AFTER UPDATE ON `signatures`
WHEN OLD.`status` IN ('published', 'verified') OR NEW.`status` IN ('published', 'verified')
BEGIN
  INSERT INTO `public_changes` (`letter`, `version`) VALUES (NEW.`letter`, 1)
    ON CONFLICT (`letter`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `public_change_signature_delete` AFTER DELETE ON `signatures`
WHEN OLD.`status` IN ('published', 'verified')
BEGIN
  INSERT INTO `public_changes` (`letter`, `version`) VALUES (OLD.`letter`, 1)
    ON CONFLICT (`letter`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `public_change_delivery_insert` AFTER INSERT ON `letter_deliveries`
BEGIN
  INSERT INTO `public_changes` (`letter`, `version`) VALUES (NEW.`letter`, 1)
    ON CONFLICT (`letter`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `public_change_delivery_update` AFTER UPDATE ON `letter_deliveries`
BEGIN
  INSERT INTO `public_changes` (`letter`, `version`) VALUES (NEW.`letter`, 1)
    ON CONFLICT (`letter`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `public_change_delivery_delete` AFTER DELETE ON `letter_deliveries`
BEGIN
  INSERT INTO `public_changes` (`letter`, `version`) VALUES (OLD.`letter`, 1)
    ON CONFLICT (`letter`) DO UPDATE SET `version` = `version` + 1;
END;
