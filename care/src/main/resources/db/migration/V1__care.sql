-- A doctor (any practitioner) is a resource of one clinic. Their slots are published to booking-api
-- as capacity sessions of the doctor's own service, one seat per slot; scheduler-stream decides bookings.
CREATE TABLE doctor (
    doctor_id     text PRIMARY KEY,
    clinic_id     text NOT NULL,
    name          text NOT NULL,
    staff_name    text,
    service       text NOT NULL UNIQUE,
    slot_minutes  int  NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX doctor_by_clinic ON doctor (clinic_id);

-- Weekly hours: several windows a weekday (1 Monday .. 7 Sunday), clinic-local times.
CREATE TABLE weekly_hours (
    doctor_id   text NOT NULL REFERENCES doctor,
    weekday     int  NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_time  time NOT NULL,
    end_time    time NOT NULL,
    PRIMARY KEY (doctor_id, weekday, start_time)
);

-- A day that differs from the week: a day off (no times) or the day's own hours.
CREATE TABLE calendar_exception (
    doctor_id   text NOT NULL REFERENCES doctor,
    day         date NOT NULL,
    start_time  time,
    end_time    time,
    note        text,
    PRIMARY KEY (doctor_id, day)
);

-- The sessions published for the doctor, so a change withdraws exactly the ones that no longer hold.
CREATE TABLE published_session (
    doctor_id   text NOT NULL REFERENCES doctor,
    session_id  text NOT NULL,
    day         date NOT NULL,
    start_time  time NOT NULL,
    end_time    time NOT NULL,
    PRIMARY KEY (doctor_id, session_id)
);

CREATE TABLE appointment_type (
    type_id       text PRIMARY KEY,
    doctor_id     text NOT NULL REFERENCES doctor,
    name          text NOT NULL,
    mode          text NOT NULL CHECK (mode IN ('IN_PERSON', 'VIDEO')),
    minutes       int  NOT NULL,
    fee_minor     bigint NOT NULL DEFAULT 0,
    currency      char(3) NOT NULL
);

-- An appointment booked through care: booking-api holds the booking itself (decided by scheduler-stream);
-- this row adds what only care knows: the doctor, the type, the household, the video room.
CREATE TABLE care_appointment (
    appointment_id  text PRIMARY KEY,
    doctor_id       text NOT NULL REFERENCES doctor,
    type_id         text NOT NULL REFERENCES appointment_type,
    clinic_id       text NOT NULL,
    person_id       text NOT NULL,
    household_id    text NOT NULL,
    slot_start      timestamptz NOT NULL,
    status          text NOT NULL,
    video_url       text,
    booked_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX care_appointment_by_doctor ON care_appointment (doctor_id, slot_start);
CREATE INDEX care_appointment_by_household ON care_appointment (household_id);

CREATE TABLE consultation_note (
    note_id         text PRIMARY KEY,
    appointment_id  text NOT NULL REFERENCES care_appointment,
    text            text NOT NULL,
    icd10_code      text,
    icd10_display   text,
    recorded_by     text NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_note_by_appointment ON consultation_note (appointment_id);
