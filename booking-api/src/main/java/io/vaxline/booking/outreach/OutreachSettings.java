package io.vaxline.booking.outreach;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;

/** Outreach's settings ({@code vaxline.outreach.*} in application.properties, each with its environment variable). */
@ConfigMapping(prefix = "vaxline.outreach")
public interface OutreachSettings {

    /** The Tink AEAD keyset that seals patients' personal fields and form answers. */
    Path keyset();

    /** Make the keyset on first start when it is missing (only docker-compose sets this). */
    boolean createKeyset();

    /** The conditions a patient list and a campaign's criteria may name. */
    Set<String> conditions();

    /** What one invitation costs, for the preview. */
    Price price();

    /** Where the links in invitations point (the token is appended). */
    String linkBaseUrl();

    /** Where an invitation's page sends people to book. */
    String bookingUrl();

    /** Where the programme team downloads a report (campaign id and report path appended). */
    String reportBaseUrl();

    Report report();

    /** The zone of "today" for ages on the day, and of the weekly report's cron and ISO week. */
    ZoneId timeZone();

    /** Whom the weekly report is e-mailed to; none: the report is only logged. */
    Optional<List<String>> programmeTeam();

    /** How often the outbox republishes what did not reach Kafka (read by its @Scheduled expression). */
    Duration outboxInterval();

    interface Price {
        BigDecimal sms();

        BigDecimal email();

        String currency();
    }

    interface Report {
        /** When the weekly report is made, a Quartz cron in {@link #timeZone()} (read by its @Scheduled expression). */
        String cron();
    }
}
