package io.vaxline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.vaxline.devstack.CertificateReplay;
import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.Sql;
import io.vaxline.devstack.TopicClient;
import io.vaxline.devstack.VaxlineStack;
import io.vaxline.events.PersonCorrected;
import io.vaxline.events.PersonRegistered;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.events.VaccinationCorrected;
import io.vaxline.schemas.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Invariant 7: certificates are a pure function of the event log. The running certificate-service
 * builds certificates (some corrected, one bad event among them); the documented replay command
 * then rebuilds them from offset 0 into an empty database, and every row matches: same ids, same
 * signed QR content, same revocations. Some holders then correct their names (and birth dates): their
 * certificates are re-issued and the old ones revoked, and the replay reproduces those too.
 */
class CertificateReplayIT {

    private static final int PEOPLE = 60;

    @Test
    void replayingTheLogIntoAnEmptyDatabaseGivesTheSameCertificates() throws Exception {
        VaxlineStack stack = RunningStack.get();
        Endpoints endpoints = stack.infrastructure().endpoints();
        int expected = 0;
        List<String> people = new ArrayList<>();
        try (TopicClient kafka = new TopicClient(endpoints)) {
            for (int i = 0; i < PEOPLE; i++) {
                String personId = "replay-" + UUID.randomUUID();
                people.add(personId);
                kafka.send(Topics.PEOPLE, personId, PersonRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now()).setPersonId(personId).setPhone("+46709990000")
                        .setName("Replay Person " + i).setBirthDate(LocalDate.of(1950 + i % 50, 1 + i % 12, 1 + i % 28))
                        .setBirthYear(1950 + i % 50).build());
                VaccinationAdministered first = dose(personId, 1);
                kafka.send(Topics.VACCINATIONS, personId, first);
                kafka.send(Topics.VACCINATIONS, personId, dose(personId, 2));
                expected += 2;
                if (i % 5 == 0) {
                    kafka.send(Topics.VACCINATIONS, personId, correction(first));
                    expected++;
                }
                if (i % 20 == 0) {
                    kafka.send(Topics.VACCINATIONS, personId, VaccinationAdministered.newBuilder(dose(personId, 3))
                            .setProduct("NotAVaccine").build());
                }
            }
        }
        int doses = expected;
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Sql.count(endpoints, "certificates", "SELECT count(*) FROM certificate WHERE person_id LIKE 'replay-%'") >= doses);
        // Once the doses are certified, every sixth holder corrects their details; the second one's correction changes nothing.
        int reissued = 0;
        try (TopicClient kafka = new TopicClient(endpoints)) {
            for (int i = 0; i < PEOPLE; i += 6) {
                boolean same = i == 6;
                kafka.send(Topics.PEOPLE, people.get(i), PersonCorrected.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now()).setPersonId(people.get(i))
                        .setName(same ? "Replay Person " + i : "Replay Corrected " + i)
                        .setBirthDate(LocalDate.of(1950 + i % 50, 1 + i % 12, i % 12 == 0 ? 2 + i % 27 : 1 + i % 28))
                        .setBirthYear(1950 + i % 50).setReason("typo").build());
                reissued += same ? 0 : 2;
            }
        }
        int total = expected + reissued;
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Sql.count(endpoints, "certificates", "SELECT count(*) FROM certificate WHERE person_id LIKE 'replay-%'") >= total);

        String database = "certificates_replay_" + System.currentTimeMillis();
        List<String> output = new ArrayList<>();
        int exit = CertificateReplay.run(Path.of(System.getProperty("vaxline.repo.root", "..")).toAbsolutePath().normalize(),
                endpoints, stack.dataDir(), database, line -> {
                    output.add(line);
                    System.out.println("[replay] " + line);
                });

        assertThat(exit).as(String.join("\n", output)).isZero();
        assertThat(output).anyMatch(line -> line.startsWith("Replaying vaccinations:"))
                .anyMatch(line -> line.startsWith("Replay done in"));
        String certificates = "SELECT * FROM certificate ORDER BY certificate_id";
        assertThat(Sql.rows(endpoints, database, certificates)).hasSizeGreaterThanOrEqualTo(total)
                .containsExactlyElementsOf(Sql.rows(endpoints, "certificates", certificates));
        String vaccinations = "SELECT * FROM vaccination ORDER BY event_id";
        assertThat(Sql.rows(endpoints, database, vaccinations)).containsExactlyElementsOf(Sql.rows(endpoints, "certificates", vaccinations));
        String holders = "SELECT * FROM holder WHERE person_id LIKE 'replay-%' ORDER BY person_id";
        assertThat(Sql.rows(endpoints, database, holders)).containsExactlyElementsOf(Sql.rows(endpoints, "certificates", holders));
        assertThat(Sql.count(endpoints, database, "SELECT count(*) FROM certificate WHERE status = 'REVOKED' AND person_id LIKE 'replay-%'"))
                .isEqualTo(PEOPLE / 5 + reissued);
        assertThat(Sql.count(endpoints, database, "SELECT count(*) FROM certificate WHERE holder_event_id IS NOT NULL "
                + "AND person_id LIKE 'replay-%'")).isEqualTo(reissued);

        List<String> again = new ArrayList<>();
        assertThat(CertificateReplay.run(Path.of(System.getProperty("vaxline.repo.root", "..")).toAbsolutePath().normalize(),
                endpoints, stack.dataDir(), database, again::add)).isNotZero();
        assertThat(again).anyMatch(line -> line.contains("already holds"));
    }

    private static VaccinationAdministered dose(String personId, int number) {
        return VaccinationAdministered.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setPersonId(personId).setClinicId("clinic-replay").setTargetDisease("840539006").setVaccineType("J07BX03")
                .setProduct("EU/1/20/1528").setManufacturer("ORG-100030215").setLot("LOT-" + number).setDoseNumber(number)
                .setSeriesDoses(2).setAdministeredAt(Instant.now().minus(Duration.ofDays(30L - number))).setCountry("SE")
                .setVaccinator("vacc-1").build();
    }

    private static VaccinationCorrected correction(VaccinationAdministered original) {
        return VaccinationCorrected.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setCorrectsEventId(original.getEventId()).setPersonId(original.getPersonId())
                .setClinicId(original.getClinicId()).setTargetDisease(original.getTargetDisease())
                .setVaccineType(original.getVaccineType()).setProduct("EU/1/20/1507").setManufacturer("ORG-100031184")
                .setLot("LOT-FIXED").setDoseNumber(1).setSeriesDoses(2).setAdministeredAt(original.getAdministeredAt())
                .setCountry("SE").setVaccinator(original.getVaccinator()).setReason("wrong product recorded").build();
    }
}
