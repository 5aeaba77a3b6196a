-- What each Idempotency-Key was first used for (a fingerprint of the request), so that the key sent again with
-- a different request is refused instead of being answered with the first request's outcome. Kept for
-- vaxline.booking.idempotency-key-retention, as long as scheduler-stream remembers the request id.
CREATE TABLE idempotency_key (
    request_id   varchar(128) PRIMARY KEY,
    fingerprint  varchar(64)  NOT NULL,
    created_at   timestamptz  NOT NULL
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
