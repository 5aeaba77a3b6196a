package io.vaxline.bench.drills;

import static io.vaxline.bench.drills.DrillContext.await;
import static io.vaxline.bench.drills.DrillContext.check;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.vaxline.devstack.CertificateReplay;
import io.vaxline.devstack.Service;
import io.vaxline.devstack.Sql;
import io.vaxline.events.PersonRegistered;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.schemas.Topics;

/**
 * certificate-service killed while it turns doses into certificates: none lost or doubled, and a
 * replay of the log into an empty database gives the same certificates.
 */
final class CertificateCrash implements Drill {

    @Override
    public String name() {
        return "certificate-crash";
    }

    @Override
    public String title() {
        return "kill -9 certificate-service during 2,000 doses, then replay";
    }

    @Override
    public String run(DrillContext context) throws Exception {
        int doses = 2000;
        List<String> people = new ArrayList<>();
        for (int i = 0; i < doses; i++) {
            String personId = "drill-" + UUID.randomUUID();
            people.add(personId);
            context.kafka.sendAsync(Topics.PEOPLE, personId, PersonRegistered.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now()).setPersonId(personId).setPhone("+46701234567").setName("Drill Holder " + i)
                    .setBirthYear(1980).build());
        }
        context.kafka.flush();
        Thread.sleep(3000);
        for (String personId : people) {
            context.kafka.sendAsync(Topics.VACCINATIONS, personId, VaccinationAdministered.newBuilder()
                    .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setPersonId(personId)
                    .setClinicId("drill-clinic").setTargetDisease("840539006").setVaccineType("J07BX03")
                    .setProduct("EU/1/20/1528").setManufacturer("ORG-100030215").setLot("L1").setDoseNumber(1).setSeriesDoses(2)
                    .setAdministeredAt(Instant.now()).setCountry("SE").setVaccinator("v").build());
        }
        context.kafka.flush();
        String count = "SELECT count(*) FROM certificate WHERE person_id LIKE 'drill-%'";
        await(() -> context.countCertificates(count) >= doses / 10, Duration.ofMinutes(1), "certificates never started");
        context.stack.process(Service.CERTIFICATE_SERVICE).kill();
        long before = context.countCertificates(count);
        context.stack.startService(Service.CERTIFICATE_SERVICE);
        await(() -> context.countCertificates(count) >= doses, Duration.ofMinutes(5), "certificates were lost");
        check(context.countCertificates(count) == doses, "more certificates than doses");
        String database = "certificates_drill_" + System.currentTimeMillis();
        int exit = CertificateReplay.run(Path.of(System.getProperty("vaxline.repo.root", ".")).toAbsolutePath(),
                context.endpoints, context.stack.dataDir(), database, line -> { });
        check(exit == 0, "the replay failed with exit code " + exit);
        String rows = "SELECT certificate_id, qr, status FROM certificate ORDER BY certificate_id";
        check(Sql.rows(context.endpoints, "certificates", rows).equals(Sql.rows(context.endpoints, database, rows)),
                "the replay differs from the live database");
        return doses + " certificates, " + before + " stored before the kill, none lost or doubled; a replay afterwards "
                + "gives the same certificates (ids, signed QR, status)";
    }
}
