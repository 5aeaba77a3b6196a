package io.vaxline.certificates;

import static io.vaxline.certificates.Fixtures.certificateOf;
import static io.vaxline.certificates.Fixtures.dose;
import static io.vaxline.certificates.Fixtures.kafka;
import static io.vaxline.certificates.Fixtures.registeredPerson;
import static io.vaxline.certificates.Fixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.events.CertificateIssued;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An outage of PostgreSQL or the registry is waited out: doses that arrive meanwhile become their
 * certificates, once each, when it is back, and none is parked on vaccinations-dlq.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class OutageTest {

    @Test
    void dosesReportedWhilePostgresIsDownBecomeOneCertificateEachWhenItIsBackAndNoneIsParked() throws Exception {
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            people.add(registeredPerson("Outage Person " + i));
        }
        // The first dose before the outage: the holders are known and the dose's schema is cached by everyone.
        Fixtures.awaitCertificate(certificateOf(report(dose(people.get(0)).build())), people.get(0));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> holders(people) == people.size());

        List<VaccinationAdministered> doses = new ArrayList<>();
        InfrastructureTestResource.stopPostgres();
        try {
            for (String person : people.subList(1, people.size())) {
                doses.add(report(dose(person).build()));
            }
            // Long enough for every dose to be read and to fail against the stopped database, several times.
            Thread.sleep(8_000);
        } finally {
            InfrastructureTestResource.startPostgres();
        }

        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> people.subList(1, people.size()).stream().allMatch(p -> certificates(p) == 1));
        Set<String> expected = doses.stream().map(Fixtures::certificateOf).collect(Collectors.toSet());
        List<ConsumerRecord<String, org.apache.avro.specific.SpecificRecord>> announced = kafka.readUntil(Topics.CERTIFICATES,
                read -> issuedFor(read, expected).size() == expected.size(), Duration.ofSeconds(30));
        assertThat(issuedFor(announced, expected)).hasSameSizeAs(expected);
        assertThat(parked(people)).as("doses parked on vaccinations-dlq").isEmpty();
    }

    @Test
    void aDoseWhoseSchemaMustBeFetchedWaitsForTheRegistryInsteadOfBeingParked() throws Exception {
        String person = registeredPerson("Registry Outage");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> holders(List.of(person)) == 1);
        VaccinationAdministered dose = dose(person).build();
        byte[] underNewSchema = kafka.encodeUnderNewSchemaVersion(Topics.VACCINATIONS.name(), dose);

        InfrastructureTestResource.stopRegistry();
        try {
            kafka.sendRaw(Topics.VACCINATIONS.name(), person, underNewSchema);
            Thread.sleep(8_000);
            assertThat(certificates(person)).as("no certificate while its schema cannot be fetched").isZero();
        } finally {
            InfrastructureTestResource.startRegistry();
        }

        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> certificates(person) == 1);
        assertThat(parked(List.of(person))).as("doses parked on vaccinations-dlq").isEmpty();
    }

    private static List<String> issuedFor(List<ConsumerRecord<String, org.apache.avro.specific.SpecificRecord>> read,
            Set<String> certificateIds) {
        return read.stream().map(ConsumerRecord::value)
                .filter(v -> v instanceof CertificateIssued issued && certificateIds.contains(issued.getCertificateId()))
                .map(v -> ((CertificateIssued) v).getCertificateId()).distinct().toList();
    }

    private static List<String> parked(List<String> people) {
        return kafka.readRawToEnd(Topics.VACCINATIONS.deadLetterTopic()).stream().map(ConsumerRecord::key)
                .filter(people::contains).toList();
    }

    private static int holders(List<String> people) throws Exception {
        return count("SELECT count(*) FROM holder WHERE person_id = ANY (?)", people.toArray(String[]::new));
    }

    private static int certificates(String personId) {
        try {
            return count("SELECT count(*) FROM certificate WHERE person_id = ANY (?)", new String[] { personId });
        } catch (Exception e) {
            return -1;
        }
    }

    private static int count(String sql, String[] personIds) throws Exception {
        Endpoints db = InfrastructureTestResource.endpoints();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("certificates"), db.dbUser(), db.dbPassword());
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("text", personIds));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
