-- Holders of certificates, from PersonRegistered on the people topic.
CREATE TABLE holder (
    person_id      varchar(64)  PRIMARY KEY,
    name           varchar(200) NOT NULL,
    birth_date     date,
    birth_year     integer      NOT NULL,
    registered_at  timestamptz  NOT NULL
);

-- A correction is stored as a dose of its own that names the event it replaces.
ALTER TABLE vaccination ADD COLUMN corrects_event_id varchar(64) REFERENCES vaccination (event_id);
ALTER TABLE vaccination ADD COLUMN correction_reason varchar(500);

-- The signed EU DCC payload and the certificate's life: issued, possibly revoked and replaced.
ALTER TABLE certificate ADD COLUMN expires_at timestamptz NOT NULL;
ALTER TABLE certificate ADD COLUMN uvci varchar(80) NOT NULL UNIQUE;
ALTER TABLE certificate ADD COLUMN key_id varchar(16) NOT NULL;
ALTER TABLE certificate ADD COLUMN qr text NOT NULL;
ALTER TABLE certificate ADD COLUMN payload_json text NOT NULL;
ALTER TABLE certificate ADD COLUMN replaces_certificate_id varchar(64) REFERENCES certificate (certificate_id);
ALTER TABLE certificate ADD COLUMN replaced_by_certificate_id varchar(64);
ALTER TABLE certificate ADD COLUMN revoked_at timestamptz;
ALTER TABLE certificate ADD COLUMN revocation_reason varchar(500);
CREATE INDEX certificate_revoked ON certificate (revoked_at) WHERE revoked_at IS NOT NULL;
