-- Payment events waiting to be published to payment-events: written in the same transaction as the payment row
-- they tell of, so the row and its event cannot diverge; the relay publishes them in order and marks them sent.
CREATE TABLE payment_outbox (
    seq             bigserial PRIMARY KEY,
    event_id        text NOT NULL UNIQUE,
    appointment_id  text NOT NULL,
    event_type      text NOT NULL,
    -- the event's Avro binary encoding under the schema of its type (schemas module)
    payload         bytea NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    sent_at         timestamptz
);
CREATE INDEX payment_outbox_pending ON payment_outbox (seq) WHERE sent_at IS NULL;
