package io.vaxline.booking.clinics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.EventPublisher;
import io.vaxline.booking.platform.SealForNotifier;
import io.vaxline.events.ClinicRosterReady;
import io.vaxline.schemas.DerivedIds;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each clinic with a contact e-mail gets its roster of the next day, once, at {@code ROSTER_LOCAL_TIME} of
 * its own time zone: booking-api holds the roster (the appointments and names it serves on
 * {@code GET /clinics/{id}/roster}), so it reads it and hands it, sealed to the notifier's key, to the
 * notifier as {@link ClinicRosterReady} on notification-requests; the notifier e-mails it with the CSV
 * attached.
 * <p>
 * Once per clinic and day: the event id is derived from the clinic and the day, and the notifier sends
 * one e-mail per event id and address (its delivery log, the same exactly-once in effect as every text).
 * So nothing here needs to be remembered across restarts: an instance publishes each due roster once
 * while it runs ({@link #published}), a restarted instance or a second one publishes it again, and the
 * notifier recognises the event and sends nothing more. The price: the roster read first is the one the
 * clinic gets; bookings made after the send time are on the roster page, not in the e-mail.
 */
@ApplicationScoped
public class ClinicRosters {

    @Inject
    ClinicDirectory clinics;

    @Inject
    EventPublisher publisher;

    @Inject
    SealForNotifier seal;

    @ConfigProperty(name = "vaxline.roster.local-time", defaultValue = "16:00")
    LocalTime sendAt;

    /** The rosters this instance published, as clinic id + "/" + day; days gone by are forgotten. */
    private final Set<String> published = ConcurrentHashMap.newKeySet();

    @Scheduled(every = "{vaxline.roster.scan-interval}", delayed = "{vaxline.roster.first-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scan() {
        return sendDue(Instant.now()).replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf(e, "Clinic rosters not sent this time; tried again at the next scan"))
                .onFailure().recoverWithNull();
    }

    /** Publishes the roster of every clinic whose send time has come today (clinic-local) and that has not had it. */
    public Uni<List<ClinicRosterReady>> sendDue(Instant now) {
        published.removeIf(key -> LocalDate.parse(key.substring(key.lastIndexOf('/') + 1)).isBefore(
                now.atZone(ZoneId.of("UTC")).toLocalDate().minusDays(1)));
        return Multi.createFrom().iterable(List.copyOf(clinics.all()))
                .filter(ClinicDirectory.Clinic::active)
                .onItem().transformToUniAndConcatenate(clinic -> due(clinic, now)
                        .map(day -> send(clinic, day, now)).orElse(Uni.createFrom().nullItem()))
                .filter(sent -> sent != null)
                .collect().asList();
    }

    /** Tomorrow (clinic-local), if the clinic wants rosters, its send time has passed today and this instance has not sent it. */
    private Optional<LocalDate> due(ClinicDirectory.Clinic clinic, Instant now) {
        if (clinics.contactEmail(clinic.clinicId()).isEmpty()) {
            return Optional.empty();
        }
        ZonedDateTime local = now.atZone(ZoneId.of(clinic.timeZone()));
        LocalDate tomorrow = local.toLocalDate().plusDays(1);
        return !local.toLocalTime().isBefore(sendAt) && !published.contains(clinic.clinicId() + "/" + tomorrow)
                ? Optional.of(tomorrow) : Optional.empty();
    }

    private Uni<ClinicRosterReady> send(ClinicDirectory.Clinic clinic, LocalDate day, Instant now) {
        String eventId = DerivedIds.of("clinic-roster", clinic.clinicId(), day);
        return Panache.withSession(() -> RosterResource.lines(clinics, clinic.clinicId(), day)).chain(lines -> {
            ClinicRosterReady event = ClinicRosterReady.newBuilder().setEventId(eventId).setOccurredAt(now)
                    .setClinicId(clinic.clinicId()).setClinicName(clinic.name()).setDay(day)
                    .setRecipients(List.of(clinics.contactEmail(clinic.clinicId()).orElseThrow()))
                    .setAppointments(lines.size())
                    .setSealedCsv(seal.roster(RosterResource.csv(lines), eventId)).build();
            return publisher.clinicRoster(clinic.clinicId(), event).replaceWith(event);
        }).invoke(event -> {
            published.add(clinic.clinicId() + "/" + day);
            Log.infof("Roster of %s for %s (%d appointments) handed to the notifier", clinic.clinicId(), day,
                    event.getAppointments());
        });
    }
}
