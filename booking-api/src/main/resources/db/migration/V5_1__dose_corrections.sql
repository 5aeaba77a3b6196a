-- Corrections staff make to a dose this clinic reported (VaccinationCorrected): stored beside the
-- doses, each naming the event it corrects, so the next correction corrects the latest one; one
-- correction per event (the unique index serialises two staff correcting the same dose at once).
ALTER TABLE reported_dose ADD COLUMN corrects_event_id varchar(64);
ALTER TABLE reported_dose ADD COLUMN content_hash varchar(64);
CREATE UNIQUE INDEX reported_dose_corrects ON reported_dose (corrects_event_id);
