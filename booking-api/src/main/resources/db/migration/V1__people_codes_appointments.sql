-- A household is the people who share one phone number; the phone is only ever looked up by its keyed hash.
CREATE TABLE household (
    household_id  varchar(64)  PRIMARY KEY,
    phone         varchar(20)  NOT NULL,
    created_at    timestamptz  NOT NULL
);

CREATE TABLE person (
    person_id       varchar(64)  PRIMARY KEY,
    household_id    varchar(64)  NOT NULL REFERENCES household (household_id),
    name            varchar(200) NOT NULL,
    birth_year      integer      NOT NULL,
    birth_date      date,
    id_number_hash  varchar(64),
    conditions      varchar(1000) NOT NULL DEFAULT '',
    occupation      varchar(64),
    language        varchar(8)   NOT NULL,
    email           varchar(320),
    created_at      timestamptz  NOT NULL
);
CREATE INDEX person_household ON person (household_id);

-- The current one-time code of a phone, stored as a keyed hash only.
CREATE TABLE otp_challenge (
    household_id  varchar(64)  PRIMARY KEY,
    code_hash     varchar(64)  NOT NULL,
    expires_at    timestamptz  NOT NULL,
    attempts      integer      NOT NULL,
    created_at    timestamptz  NOT NULL
);

-- Fixed-window counters shared by every booking-api instance.
CREATE TABLE rate_limit (
    bucket        varchar(200) PRIMARY KEY,
    window_start  timestamptz  NOT NULL,
    hits          integer      NOT NULL
);

CREATE TABLE priority_occupation (
    code         varchar(64)  PRIMARY KEY,
    description  varchar(200) NOT NULL,
    marked_at    timestamptz  NOT NULL
);

-- Read model of booking-events: every appointment as it stands now.
CREATE TABLE appointment (
    appointment_id     varchar(64)  PRIMARY KEY,
    person_id          varchar(64)  NOT NULL,
    clinic_id          varchar(64)  NOT NULL,
    service            varchar(64)  NOT NULL,
    slot_start         timestamptz  NOT NULL,
    slot_end           timestamptz,
    time_zone          varchar(64),
    dose_number        integer      NOT NULL,
    confirmation_code  varchar(16),
    status             varchar(16)  NOT NULL,
    updated_at         timestamptz  NOT NULL
);
CREATE INDEX appointment_person ON appointment (person_id);
CREATE INDEX appointment_clinic_time ON appointment (clinic_id, slot_start);

-- The outcome of every booking request, for callers who come back with the request id.
CREATE TABLE booking_request (
    request_id      varchar(128) PRIMARY KEY,
    person_id       varchar(64)  NOT NULL,
    outcome         varchar(16)  NOT NULL,
    reason          varchar(32),
    detail          varchar(500),
    appointment_id  varchar(64),
    decided_at      timestamptz  NOT NULL
);
