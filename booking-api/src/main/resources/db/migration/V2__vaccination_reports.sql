-- Attendance, from the vaccinations topic (clinic systems and CSV uploads alike).
ALTER TABLE appointment ADD COLUMN attended_at timestamptz;

-- Each CSV upload of a clinic's doses and how far it got (updated as it goes, for progress).
CREATE TABLE vaccination_upload (
    upload_id          varchar(64)  PRIMARY KEY,
    clinic_id          varchar(64)  NOT NULL,
    uploaded_by        varchar(200) NOT NULL,
    status             varchar(16)  NOT NULL,
    rows_read          integer      NOT NULL DEFAULT 0,
    published          integer      NOT NULL DEFAULT 0,
    already_reported   integer      NOT NULL DEFAULT 0,
    rejected           integer      NOT NULL DEFAULT 0,
    started_at         timestamptz  NOT NULL,
    finished_at        timestamptz
);
CREATE INDEX vaccination_upload_clinic ON vaccination_upload (clinic_id, started_at DESC);

-- Every dose booking-api has published, by its deterministic event id: the same row uploaded
-- again (the same file twice, or a corrected file) is recognised and not published twice.
CREATE TABLE reported_dose (
    event_id        varchar(64)  PRIMARY KEY,
    upload_id       varchar(64)  NOT NULL,
    clinic_id       varchar(64)  NOT NULL,
    person_id       varchar(64)  NOT NULL,
    appointment_id  varchar(64),
    reported_at     timestamptz  NOT NULL
);
