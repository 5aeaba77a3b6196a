-- Check-ins and no-shows, from booking-events (AppointmentCheckedIn, AppointmentMissed): the roster shows both.
ALTER TABLE appointment ADD COLUMN checked_in_at timestamptz;
ALTER TABLE appointment ADD COLUMN missed_at timestamptz;

-- Every dose given (vaccinations topic, from clinic systems and CSV uploads alike), so a recall finds who got a lot.
CREATE TABLE dose_given (
    event_id         varchar(200) PRIMARY KEY,
    clinic_id        varchar(64)  NOT NULL,
    person_id        varchar(64)  NOT NULL,
    appointment_id   varchar(64),
    lot              varchar(200) NOT NULL,
    dose_number      integer      NOT NULL,
    administered_at  timestamptz  NOT NULL
);
CREATE INDEX dose_given_lot ON dose_given (clinic_id, lot);
