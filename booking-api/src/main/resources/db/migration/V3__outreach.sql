-- Outreach: patient lists uploaded by administrators, campaigns, invitations and what people did with them.

-- Each upload of a patient list and how far it got (updated as it goes, for progress).
CREATE TABLE patient_upload (
    upload_id    varchar(64)  PRIMARY KEY,
    list_name    varchar(200) NOT NULL,
    uploaded_by  varchar(200) NOT NULL,
    status       varchar(16)  NOT NULL,
    rows_read    integer      NOT NULL DEFAULT 0,
    added        integer      NOT NULL DEFAULT 0,
    updated      integer      NOT NULL DEFAULT 0,
    unchanged    integer      NOT NULL DEFAULT 0,
    rejected     integer      NOT NULL DEFAULT 0,
    errors       jsonb        NOT NULL DEFAULT '[]',
    started_at   timestamptz  NOT NULL,
    finished_at  timestamptz
);

-- One row per person across all lists, found again by the keyed hash of the list's patient reference.
-- Every personal field (name, birth date, phone, e-mail, postcode, conditions) is in `sealed`,
-- AES-256-GCM under the outreach keyset, bound to the patient id; nothing here reads without the key.
CREATE TABLE patient (
    patient_id     varchar(64)  PRIMARY KEY,
    ref_hash       varchar(64)  NOT NULL UNIQUE,
    content_hash   varchar(64)  NOT NULL,
    household_id   varchar(64),
    sealed         bytea        NOT NULL,
    has_phone      boolean      NOT NULL,
    has_email      boolean      NOT NULL,
    upload_id      varchar(64)  NOT NULL,
    updated_at     timestamptz  NOT NULL
);

CREATE TABLE campaign (
    campaign_id  varchar(64)   PRIMARY KEY,
    name         varchar(200)  NOT NULL,
    message      varchar(1000) NOT NULL,
    criteria     jsonb         NOT NULL,
    form         jsonb         NOT NULL DEFAULT '[]',
    status       varchar(16)   NOT NULL,
    created_by   varchar(200)  NOT NULL,
    created_at   timestamptz   NOT NULL,
    launched_at  timestamptz,
    waves        integer       NOT NULL DEFAULT 0,
    -- Written by the instance running a wave after every batch: a wave whose heartbeat stopped is taken up again.
    wave_heartbeat timestamptz
);

-- One invitation per person, campaign and wave. The link token is never stored: it is an HMAC of the
-- invitation id under the secret pepper, and only its keyed hash is kept here to find the invitation.
CREATE TABLE invitation (
    invitation_id    varchar(64)  PRIMARY KEY,
    campaign_id      varchar(64)  NOT NULL REFERENCES campaign (campaign_id),
    patient_id       varchar(64)  NOT NULL REFERENCES patient (patient_id),
    wave             integer      NOT NULL,
    token_hash       varchar(64)  NOT NULL UNIQUE,
    issued_at        timestamptz  NOT NULL,
    published_at     timestamptz,
    sms_status       varchar(16),
    email_status     varchar(16),
    acknowledged_at  timestamptz,
    ack_published    boolean      NOT NULL DEFAULT false,
    clicks           integer      NOT NULL DEFAULT 0,
    last_click_at    timestamptz,
    UNIQUE (campaign_id, patient_id, wave)
);
CREATE INDEX invitation_unpublished ON invitation (issued_at) WHERE published_at IS NULL;
CREATE INDEX invitation_ack_unpublished ON invitation (acknowledged_at) WHERE acknowledged_at IS NOT NULL AND NOT ack_published;
CREATE INDEX invitation_patient ON invitation (patient_id);

-- Answers to a campaign's form, one set per invitation (a later submission replaces it), sealed like patients' details.
CREATE TABLE form_answer (
    invitation_id  varchar(64)  PRIMARY KEY REFERENCES invitation (invitation_id),
    campaign_id    varchar(64)  NOT NULL REFERENCES campaign (campaign_id),
    answers        bytea        NOT NULL,
    answered_at    timestamptz  NOT NULL
);
CREATE INDEX form_answer_campaign ON form_answer (campaign_id);

-- The weekly reports of people who did not respond: the figures, and who was in it.
CREATE TABLE outreach_report (
    report_id       varchar(64)  PRIMARY KEY,
    campaign_id     varchar(64)  NOT NULL REFERENCES campaign (campaign_id),
    created_at      timestamptz  NOT NULL,
    invited         integer      NOT NULL,
    acknowledged    integer      NOT NULL,
    not_responded   integer      NOT NULL
);
CREATE TABLE outreach_report_entry (
    report_id      varchar(64)  NOT NULL REFERENCES outreach_report (report_id),
    invitation_id  varchar(64)  NOT NULL REFERENCES invitation (invitation_id),
    PRIMARY KEY (report_id, invitation_id)
);
