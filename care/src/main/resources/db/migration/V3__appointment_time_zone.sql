-- The clinic's time zone as booking-api answered the booking, so pages show the slot in clinic time.
ALTER TABLE care_appointment ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC';
