-- Every dose reported, as the vaccinations topic said it (corrections replace the reported values).
CREATE TABLE vaccination (
    event_id          varchar(64)  PRIMARY KEY,
    person_id         varchar(64)  NOT NULL,
    clinic_id         varchar(64)  NOT NULL,
    appointment_id    varchar(64),
    target_disease    varchar(32)  NOT NULL,
    vaccine_type      varchar(64)  NOT NULL,
    product           varchar(64)  NOT NULL,
    manufacturer      varchar(64)  NOT NULL,
    lot               varchar(64)  NOT NULL,
    dose_number       integer      NOT NULL,
    series_doses      integer      NOT NULL,
    administered_at   timestamptz  NOT NULL,
    country           varchar(2)   NOT NULL,
    vaccinator        varchar(128) NOT NULL,
    recorded_at       timestamptz  NOT NULL
);
CREATE INDEX vaccination_person ON vaccination (person_id, administered_at);

-- One certificate per dose event; its id is derived from the event id, so a replay gives the same id.
CREATE TABLE certificate (
    certificate_id        varchar(64)  PRIMARY KEY,
    vaccination_event_id  varchar(64)  NOT NULL UNIQUE REFERENCES vaccination (event_id),
    person_id             varchar(64)  NOT NULL,
    dose_number           integer      NOT NULL,
    series_doses          integer      NOT NULL,
    issued_at             timestamptz  NOT NULL,
    status                varchar(16)  NOT NULL
);
CREATE INDEX certificate_person ON certificate (person_id);

-- Idempotent consumer: an event id is recorded in the same transaction as its effect.
CREATE TABLE processed_event (
    event_id      varchar(64)  PRIMARY KEY,
    processed_at  timestamptz  NOT NULL
);
