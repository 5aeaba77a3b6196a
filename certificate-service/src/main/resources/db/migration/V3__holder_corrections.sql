-- A holder's name or date of birth can be corrected (PersonCorrected): the holder row keeps the
-- latest details and the event that set them, and each certificate says whose details it carries.
ALTER TABLE holder ADD COLUMN corrected_by_event_id varchar(64);
ALTER TABLE certificate ADD COLUMN holder_event_id varchar(64);

-- A dose's certificate is re-issued when its holder's details change, so one dose may have several
-- certificates (one valid, the rest revoked and replaced).
ALTER TABLE certificate DROP CONSTRAINT certificate_vaccination_event_id_key;
CREATE INDEX certificate_dose ON certificate (vaccination_event_id);
