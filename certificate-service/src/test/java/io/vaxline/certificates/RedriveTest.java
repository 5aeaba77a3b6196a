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
import java.sql.Statement;
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

    private static final Duration HELD = Duration.ofSeconds(6);

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
     * Given a holders' reader that cannot apply registrations for a while (here: the holder table is locked against
     * writes, as a slow or stuck database would hold it), when a dose arrives for a person registered during that
     * time, then the dose waits for the reader, well past the short holder wait, and becomes a certificate once the
     * registration is applied: it is not parked as a person nobody registered.
     */
    @Test
    void aDoseWaitsForAHoldersReaderThatIsBehindInsteadOfBeingParked() throws Exception {
        // The doses' consumer is live and current before the reader is held back.
        String before = Fixtures.registeredPerson("Before The Hold");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> holderKnown(before));
        VaccinationAdministered first = report(dose(before).build());
        awaitCertificate(certificateOf(first), before);

        Endpoints db = InfrastructureTestResource.endpoints();
        String personId;
        VaccinationAdministered dose;
        try (Connection hold = DriverManager.getConnection(db.jdbcUrl("certificates"), db.dbUser(), db.dbPassword())) {
            hold.setAutoCommit(false);
            try (Statement lock = hold.createStatement()) {
                lock.execute("LOCK TABLE holder IN SHARE MODE"); // reads go on; the reader's insert waits
            }
            personId = Fixtures.registeredPerson("Behind The Hold");
            dose = report(dose(personId).build());
            // Several times the holder wait (two tries in tests, under 2 s): a dose that did not wait is parked by now.
            Thread.sleep(HELD.toMillis());
            assertThat(holderKnown(personId)).as("the registration is not applied while the table is held").isFalse();
            assertThat(kafka.readRawToEnd(Topics.VACCINATIONS.deadLetterTopic()))
                    .as("a dose whose holder the reader has not applied yet is not parked").noneMatch(r -> personId.equals(r.key()));
            hold.commit();
        }
        awaitCertificate(certificateOf(dose), personId);
        assertThat(CertificateFromVaccinationTest.certificatesOf(personId)).isEqualTo(1);
        assertThat(kafka.readRawToEnd(Topics.VACCINATIONS.deadLetterTopic())).noneMatch(r -> personId.equals(r.key()));
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
