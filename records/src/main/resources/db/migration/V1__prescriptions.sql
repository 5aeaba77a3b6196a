-- Pharmacies and their keys (a SHA-256 of the key, never the key: it is shown once, when the pharmacy is registered).
CREATE TABLE pharmacy (
    pharmacy_id TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    key_hash    TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The pharmacy each patient chose: their prescriptions go there.
CREATE TABLE pharmacy_choice (
    person_id   TEXT PRIMARY KEY,
    pharmacy_id TEXT NOT NULL REFERENCES pharmacy (pharmacy_id),
    chosen_at   TIMESTAMPTZ NOT NULL
);

-- A prescription as signed (resource: the MedicationRequest's canonical JSON; signature: the detached JWS over it),
-- and its dispensing, which happens once: the status moves from issued to dispensed in one conditional update.
CREATE TABLE prescription (
    prescription_id TEXT PRIMARY KEY,
    person_id       TEXT NOT NULL,
    clinic_id       TEXT NOT NULL,
    doctor_id       TEXT NOT NULL,
    pharmacy_id     TEXT NOT NULL REFERENCES pharmacy (pharmacy_id),
    medication      TEXT NOT NULL,
    resource        TEXT NOT NULL,
    signature       TEXT NOT NULL,
    issued_at       TIMESTAMPTZ NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('issued', 'dispensed')),
    dispensed_at    TIMESTAMPTZ,
    dispense        TEXT
);
CREATE INDEX prescription_person ON prescription (person_id, issued_at DESC);
CREATE INDEX prescription_pharmacy ON prescription (pharmacy_id, issued_at DESC);
CREATE INDEX prescription_doctor_patient ON prescription (clinic_id, doctor_id, person_id);
