-- The idempotency record: one row per triggering event and channel, written before the first
-- hand-over to the provider and marked SENT or FAILED after the last. No phone numbers or texts here.
CREATE TABLE deliveries (
    source_event_id     text        NOT NULL,
    channel             text        NOT NULL,
    kind                text        NOT NULL,
    person_id           text,
    state               text        NOT NULL CHECK (state IN ('SENDING', 'SENT', 'FAILED')),
    attempts            integer     NOT NULL,
    provider_message_id text,
    last_error          text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source_event_id, channel)
);
