package io.vaxline.certificates;

import static io.vaxline.certificates.Fixtures.awaitCertificate;
import static io.vaxline.certificates.Fixtures.certificateOf;
import static io.vaxline.certificates.Fixtures.deadLetterReason;
import static io.vaxline.certificates.Fixtures.dose;
import static io.vaxline.certificates.Fixtures.kafka;
import static io.vaxline.certificates.Fixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.DeadLetterRedrive;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.events.PersonRegistered;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A dose parked for a cause that is fixed afterwards becomes its certificate once it is redriven. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class RedriveTest {

    @Test
    void aDoseParkedBecauseItsHolderWasMissingBecomesACertificateOnceTheHolderIsRegisteredAndItIsRedriven() throws Exception {
        String personId = "person-" + UUID.randomUUID();
        VaccinationAdministered dose = report(dose(personId).build());
        assertThat(deadLetterReason(personId)).contains("person " + personId + " is not registered");

        kafka.send(Topics.PEOPLE, personId, PersonRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setPersonId(personId).setPhone("+46701234567").setName("Late Holder")
                .setBirthDate(LocalDate.of(1971, 3, 4)).setBirthYear(1971).build());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> holderKnown(personId));
        DeadLetterRedrive.Report moved = new DeadLetterRedrive(InfrastructureTestResource.endpoints().kafkaAdmin())
                .run(Topics.VACCINATIONS.deadLetterTopic(), false);

        assertThat(moved.moved()).isPositive();
        awaitCertificate(certificateOf(dose), personId);
        assertThat(CertificateFromVaccinationTest.certificatesOf(personId)).isEqualTo(1);
    }

    /**
     * Given a holders' reader thousands of registrations behind, when a dose arrives for a person whose registration
     * is at the end of that backlog, then the dose waits for it (longer than the short holder wait) and becomes a
     * certificate: it is not parked as a person nobody registered.
     */
    @Test
    void aDoseWaitsForAHoldersReaderThatIsBehindInsteadOfBeingParked() throws Exception {
        for (int i = 0; i < 3000; i++) {
            String other = "person-" + UUID.randomUUID();
            kafka.sendAsync(Topics.PEOPLE, other, PersonRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now()).setPersonId(other).setPhone("+46701234567").setName("Backlog " + i)
                    .setBirthDate(LocalDate.of(1980, 1, 1)).setBirthYear(1980).build());
        }
        String personId = Fixtures.registeredPerson("Behind The Backlog");
        long sent = System.nanoTime();
        VaccinationAdministered dose = report(dose(personId).build());
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> holderKnown(personId));
        Duration behind = Duration.ofNanos(System.nanoTime() - sent);
        awaitCertificate(certificateOf(dose), personId);
        assertThat(CertificateFromVaccinationTest.certificatesOf(personId)).isEqualTo(1);
        assertThat(kafka.readRawToEnd(Topics.VACCINATIONS.deadLetterTopic())).noneMatch(r -> personId.equals(r.key()));
        // The test shows something only if the holder came later than the short wait (two tries in tests) gives up.
        assertThat(behind).as("the holders' reader was behind for longer than the holder wait").isGreaterThan(Duration.ofSeconds(3));
    }

    private static boolean holderKnown(String personId) throws Exception {
        Endpoints db = InfrastructureTestResource.endpoints();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("certificates"), db.dbUser(), db.dbPassword());
                PreparedStatement s = c.prepareStatement("SELECT 1 FROM holder WHERE person_id = ?")) {
            s.setString(1, personId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
