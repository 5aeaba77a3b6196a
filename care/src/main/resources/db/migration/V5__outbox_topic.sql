-- The outbox carries more than payments now: each row names the topic it goes to (payment-events, or care-appointments
-- for a video consultation's booking with its room link). Rows written before were all payment events.
ALTER TABLE payment_outbox ADD COLUMN topic text NOT NULL DEFAULT 'payment-events';
