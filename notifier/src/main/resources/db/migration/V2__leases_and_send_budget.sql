-- A claim on a delivery is held by one claimer until lease_until: nobody else hands the message over
-- meanwhile. Rows left in SENDING by an earlier version are free to claim at once.
ALTER TABLE deliveries
    ADD COLUMN holder      text,
    ADD COLUMN lease_until timestamptz NOT NULL DEFAULT now();

-- Messages handed to each provider in each second (epoch seconds by the database's clock), shared by
-- every notifier instance; rows older than a minute are deleted as new seconds begin.
CREATE TABLE send_budget (
    provider text    NOT NULL,
    second   bigint  NOT NULL,
    used     integer NOT NULL,
    PRIMARY KEY (provider, second)
);
