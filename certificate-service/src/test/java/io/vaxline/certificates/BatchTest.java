package io.vaxline.certificates;

import static io.vaxline.certificates.Fixtures.awaitCertificate;
import static io.vaxline.certificates.Fixtures.certificateOf;
import static io.vaxline.certificates.Fixtures.correction;
import static io.vaxline.certificates.Fixtures.dose;
import static io.vaxline.certificates.Fixtures.kafka;
import static io.vaxline.certificates.Fixtures.registeredPerson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vaxline.certificates.ledger.CertificateLedger;
import io.vaxline.certificates.ledger.CertificateLedger.Result;
import io.vaxline.certificates.ledger.UnknownHolder;
import io.vaxline.certificates.model.Certificate;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.events.VaccinationCorrected;
import io.vaxline.schemas.DeadLetters;
import io.vaxline.schemas.Topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The consumer applies a poll at a time, in one transaction: within a poll the events act in their
 * order (a dose and its correction, the same event twice), a bad record is rejected on its own while
 * the others are applied, a poll read again after a crash writes nothing twice, and a poll that
 * fails part-way writes nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class BatchTest {

    @Inject
    CertificateLedger ledger;

    @Test
    void aPollActsInItsOrderAndRejectsItsBadRecordsAloneWhileTheOthersAreApplied() throws Throwable {
        String person = holder("Poll Order");
        VaccinationAdministered first = dose(person).build();
        VaccinationAdministered badCodes = dose(person).setProduct("MadeUpVax").build();
        VaccinationAdministered second = dose(person).setDoseNumber(2).build();
        VaccinationCorrected fix = correction(first, "LOT-FIXED", "lot mistyped");
        VaccinationCorrected fixAgain = correction(first, "LOT-OTHER", "fixed twice");
        VaccinationAdministered stranger = dose("person-" + UUID.randomUUID()).build();

        List<Result> results = apply(List.of(first, badCodes, second, fix, fixAgain, first, stranger), true);

        assertThat(results).extracting(Result::rejected).containsExactly(false, true, false, false, true, false, true);
        assertThat(results.get(1).rejection().getMessage()).contains("product 'MadeUpVax'");
        assertThat(results.get(4).rejection().getMessage()).contains("was already corrected");
        assertThat(results.get(6).rejection()).isInstanceOf(UnknownHolder.class);
        // The correction revoked the certificate the same poll had issued; the repeat of the dose answers it as stored.
        Certificate reissued = results.get(3).outcome().issued().get(0);
        assertThat(reissued.replacesCertificateId).isEqualTo(certificateOf(first));
        assertThat(results.get(3).outcome().revoked()).extracting(c -> c.certificateId).containsExactly(certificateOf(first));
        assertThat(results.get(5).outcome().issued()).extracting(c -> c.certificateId).containsExactly(certificateOf(first));

        assertThat(rows("SELECT certificate_id || ' ' || status || ' ' || coalesce(replaced_by_certificate_id, '-') FROM certificate "
                + "WHERE person_id = ? ORDER BY issued_at, certificate_id", person)).containsExactlyInAnyOrder(
                        certificateOf(first) + " REVOKED " + reissued.certificateId,
                        certificateOf(second) + " VALID -",
                        reissued.certificateId + " VALID -");
        assertThat(rows("SELECT p.event_id FROM processed_event p JOIN vaccination v ON v.event_id = p.event_id WHERE v.person_id = ?",
                person)).containsExactlyInAnyOrder(first.getEventId(), second.getEventId(), fix.getEventId());
        assertThat(rows("SELECT event_id FROM processed_event WHERE event_id IN (?, ?, ?)", badCodes.getEventId(),
                fixAgain.getEventId(), stranger.getEventId())).as("rejected events are not recorded as applied").isEmpty();
    }

    @Test
    void aPollReadAgainAfterACrashBetweenTheCommitAndTheOffsetWritesNothingTwiceAndAnswersTheSame() throws Throwable {
        String person = holder("Crash Replay");
        VaccinationAdministered one = dose(person).build();
        VaccinationAdministered two = dose(person).setDoseNumber(2).build();
        VaccinationCorrected fix = correction(one, "LOT-7", "typo");
        VaccinationAdministered three = dose(person).setDoseNumber(3).build();

        List<Result> before = apply(List.of(one, two, fix), true);
        // Read again with other boundaries: the committed poll and more.
        List<Result> again = apply(List.of(one, two, fix, three), true);

        assertThat(again).noneMatch(Result::rejected);
        for (int i = 0; i < before.size(); i++) {
            assertThat(again.get(i).outcome().issued()).extracting(c -> c.certificateId + c.qr)
                    .containsExactlyElementsOf(before.get(i).outcome().issued().stream().map(c -> c.certificateId + c.qr).toList());
            assertThat(again.get(i).outcome().revoked()).extracting(c -> c.certificateId)
                    .containsExactlyElementsOf(before.get(i).outcome().revoked().stream().map(c -> c.certificateId).toList());
        }
        assertThat(rows("SELECT certificate_id FROM certificate WHERE person_id = ?", person)).hasSize(4);
        assertThat(rows("SELECT v.event_id FROM vaccination v JOIN processed_event p ON p.event_id = v.event_id WHERE v.person_id = ?",
                person)).containsExactlyInAnyOrder(one.getEventId(), two.getEventId(), fix.getEventId(), three.getEventId());
    }

    @Test
    void aPollThatFailsPartWayWritesNothingAndAMissingHolderHoldsThePollBack() throws Throwable {
        String person = holder("All Or Nothing");
        VaccinationAdministered good = dose(person).build();
        VaccinationAdministered tooLong = dose(person).setDoseNumber(2).setAppointmentId("a".repeat(65)).build();
        assertThatThrownBy(() -> apply(List.of(good, tooLong), true)).hasMessageContaining("value too long");

        VaccinationAdministered waiting = dose("person-" + UUID.randomUUID()).build();
        assertThatThrownBy(() -> apply(List.of(good, waiting), false)).isInstanceOf(CertificateLedger.WaitForHolder.class);

        assertThat(rows("SELECT event_id FROM vaccination WHERE person_id = ?", person)).isEmpty();
        assertThat(rows("SELECT event_id FROM processed_event WHERE event_id = ?", good.getEventId())).isEmpty();
    }

    @Test
    void badRecordsInTheMiddleOfAPollAreParkedWithTheirReasonsAndTheRecordsAroundThemCertified() throws Exception {
        String person = registeredPerson("Poll Neighbours");
        VaccinationAdministered before = dose(person).build();
        VaccinationAdministered badCodes = dose(person).setDoseNumber(2).setCountry("Sweden").build();
        VaccinationAdministered between = dose(person).setDoseNumber(3).build();
        // Passes the ledger's checks but not the database's column: found by applying the poll's records one by one.
        VaccinationAdministered tooLong = dose(person).setDoseNumber(4).setAppointmentId("x".repeat(65)).build();
        VaccinationAdministered after = dose(person).setDoseNumber(5).build();
        for (VaccinationAdministered event : List.of(before, badCodes, between, tooLong, after)) {
            kafka.sendAsync(Topics.VACCINATIONS, person, event);
        }
        kafka.flush();

        for (VaccinationAdministered certified : List.of(before, between, after)) {
            awaitCertificate(certificateOf(certified), person);
        }
        // Parked at least once: a rebalance between the parking and the poll's commit (the service's consumers were still
        // joining when this ran in CI) hands the poll to a consumer again, and it parks the same records again. So each
        // record of vaccinations is counted once, by the position the dead letter names.
        Map<String, String> reasonByRecord = new java.util.HashMap<>();
        kafka.readRawUntil(Topics.VACCINATIONS.deadLetterTopic(),
                read -> read.stream().filter(r -> person.equals(r.key())).count() >= 2, Duration.ofSeconds(60)).stream()
                .filter(r -> person.equals(r.key()))
                .forEach(r -> reasonByRecord.merge(header(r, DeadLetters.PARTITION) + "@" + header(r, DeadLetters.OFFSET),
                        header(r, DeadLetters.REASON), (first, again) -> {
                            assertThat(again).as("the same record parked again, with the same reason").isEqualTo(first);
                            return first;
                        }));
        assertThat(reasonByRecord.values()).hasSize(2).anyMatch(reason -> reason.contains("country 'Sweden'"))
                .anyMatch(reason -> reason.contains("value too long"));
        assertThat(CertificateFromVaccinationTest.certificatesOf(person)).isEqualTo(3);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private List<Result> apply(List<? extends SpecificRecord> events, boolean holdersFinal) throws Throwable {
        List<SpecificRecord> run = new ArrayList<>(events);
        return VertxContextSupport.subscribeAndAwait(() -> ledger.apply(run, holdersFinal));
    }

    /** A person registered on the people topic, once the service has them as a holder. */
    private static String holder(String name) {
        String person = registeredPerson(name);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !rows("SELECT person_id FROM holder WHERE person_id = ?",
                person).isEmpty());
        return person;
    }

    private static List<String> rows(String sql, String... parameters) throws Exception {
        Endpoints db = InfrastructureTestResource.endpoints();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("certificates"), db.dbUser(), db.dbPassword());
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }
}
