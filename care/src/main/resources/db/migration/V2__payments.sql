-- Every charge and refund of a care appointment and its outcome, whichever provider carried it out.
CREATE TABLE payment (
    payment_id      text PRIMARY KEY,
    appointment_id  text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('CHARGE', 'REFUND')),
    provider        text NOT NULL,
    amount_minor    bigint NOT NULL,
    currency        char(3) NOT NULL,
    status          text NOT NULL,
    reference       text,
    failure         text,
    recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX payment_by_appointment ON payment (appointment_id);
CREATE INDEX payment_by_reference ON payment (reference);
