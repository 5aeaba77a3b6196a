package io.vaxline.booking.vaccinations;

import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.appointments.BookingOutcomes;
import io.vaxline.booking.platform.CsvRows.RowError;
import io.vaxline.booking.platform.CsvRows;
import io.vaxline.booking.platform.EventPublisher;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.VaccinationAdministered;
import io.vaxline.problems.InvalidInput;
import io.vaxline.schemas.BookingOutcome;
import io.vaxline.schemas.DerivedIds;
import io.vaxline.schemas.VaccineCodes.ValueSet;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import org.apache.avro.specific.SpecificRecord;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A clinic's daily CSV of doses given, read as it streams in: every row is checked (the report
 * names row and field), valid rows are published to {@code vaccinations} in batches as
 * VaccinationAdministered, and progress is stored after every batch. A dose's event id is derived
 * from clinic, person, disease and dose number, and every published id is remembered, so the same
 * file uploaded twice publishes nothing the second time.
 */
@ApplicationScoped
public class VaccinationReports {

    public static final List<String> REQUIRED = List.of("person_id", "administered_at", "vaccine_type", "product",
            "manufacturer", "lot", "dose_number", "series_doses", "vaccinator");
    public static final List<String> OPTIONAL = List.of("appointment_id", "target_disease", "country");
    static final String DEFAULT_DISEASE = "840539006";
    private static final int BATCH = 500;
    private static final Map<String, ValueSet> CODE_COLUMNS = Map.of("target_disease", ValueSet.TARGET_DISEASE,
            "vaccine_type", ValueSet.VACCINE_TYPE, "product", ValueSet.PRODUCT, "manufacturer", ValueSet.MANUFACTURER);

    public record Report(String uploadId, String clinicId, String status, long rowsRead, long published,
            long alreadyReported, long rejected, List<RowError> errors, boolean errorsTruncated) {
    }

    /** The file cannot be read as a report at all (no header, missing columns); nothing was published. */
    public static class UnreadableFile extends InvalidInput {
        public UnreadableFile(String message) {
            super("The file cannot be read as a report", "file", message);
        }
    }

    private record Row(long number, VaccinationAdministered dose) {
    }

    @Inject
    Pool db;

    @Inject
    EventPublisher publisher;

    @Inject
    BookingOutcomes outcomes;

    @Inject
    VaccinationSettings settings;

    /**
     * Reads the whole report. Call it on a worker thread: the header is read at once, the rows as
     * batches are published (on the worker pool, a batch at a time), and no thread waits for
     * PostgreSQL or Kafka.
     */
    public Uni<Report> upload(String clinicId, ZoneId clinicZone, String uploadedBy, InputStream body) {
        String uploadId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        Progress progress = new Progress();
        CSVParser csv;
        try {
            csv = CsvRows.parse(body);
        } catch (CsvRows.Unreadable e) {
            throw unreadable(e, progress);
        }
        List<String> missing = CsvRows.missing(csv, REQUIRED);
        if (!missing.isEmpty()) {
            CsvRows.close(csv);
            throw new UnreadableFile("the header row lacks the column(s) " + String.join(", ", missing)
                    + "; the columns are " + String.join(", ", REQUIRED) + " and optionally " + String.join(", ", OPTIONAL));
        }
        return db.preparedQuery("INSERT INTO vaccination_upload (upload_id, clinic_id, uploaded_by, status, started_at) "
                + "VALUES ($1, $2, $3, 'RUNNING', $4)").execute(Tuple.of(uploadId, clinicId, uploadedBy,
                        started.atOffset(java.time.ZoneOffset.UTC)))
                .onItem().transformToMulti(inserted -> CsvRows.records(csv))
                .map(record -> {
                    progress.rowsRead++;
                    long rowNumber = record.getRecordNumber() + 1; // the header is row 1
                    VaccinationAdministered dose = parse(record, rowNumber, clinicId, clinicZone, progress);
                    return Optional.ofNullable(dose == null ? null : new Row(rowNumber, dose));
                })
                .filter(Optional::isPresent).map(Optional::get)
                .group().intoLists().of(BATCH)
                .onItem().transformToUniAndConcatenate(batch -> publish(uploadId, clinicId, batch, progress)
                        .ifNoItem().after(CsvRows.BATCH_TIMEOUT).failWith(() -> CsvRows.stalled(progress.rowsRead)))
                .onItem().ignoreAsUni()
                .chain(() -> store(uploadId, "DONE", progress))
                .map(done -> {
                    Log.infof("Vaccination upload %s for clinic %s: %,d rows, %,d published, %,d already reported, %,d rejected",
                            uploadId, clinicId, progress.rowsRead, progress.published, progress.alreadyReported,
                            progress.rejected());
                    return progress.report(uploadId, clinicId, "DONE");
                })
                .onFailure(CsvRows.Unreadable.class).recoverWithUni(e -> failed(uploadId, progress)
                        .chain(() -> Uni.createFrom().<Report>failure(unreadable((CsvRows.Unreadable) e, progress))))
                // any other failure (a stalled batch, PostgreSQL or Kafka refusing) still ends the upload's record
                .onFailure(e -> !(e instanceof InvalidInput)).call(e -> failed(uploadId, progress).onFailure().recoverWithNull())
                .onTermination().invoke(() -> CsvRows.close(csv));
    }

    private static UnreadableFile unreadable(CsvRows.Unreadable e, Progress progress) {
        return new UnreadableFile("the file " + e.where(progress.rowsRead)
                + "; rows before it were applied, and uploading the whole file again is safe");
    }

    /** An upload of this clinic, while it runs (counts so far) or after. */
    public Uni<List<Report>> recent(String clinicId) {
        return db.preparedQuery("SELECT * FROM vaccination_upload WHERE clinic_id = $1 ORDER BY started_at DESC LIMIT 50")
                .execute(Tuple.of(clinicId))
                .map(rows -> java.util.stream.StreamSupport.stream(rows.spliterator(), false)
                        .map(VaccinationReports::report).toList());
    }

    private static Report report(io.vertx.mutiny.sqlclient.Row row) {
        return new Report(row.getString("upload_id"), row.getString("clinic_id"), row.getString("status"),
                row.getInteger("rows_read"), row.getInteger("published"), row.getInteger("already_reported"),
                row.getInteger("rejected"), List.of(), false);
    }

    private VaccinationAdministered parse(CSVRecord record, long row, String clinicId, ZoneId zone, Progress progress) {
        List<RowError> errors = new ArrayList<>();
        Function<String, String> value = column -> record.isMapped(column) && record.isSet(column) ? record.get(column) : "";
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("target_disease", value.apply("target_disease").isEmpty() ? DEFAULT_DISEASE : value.apply("target_disease"));
        codes.put("vaccine_type", value.apply("vaccine_type"));
        codes.put("product", value.apply("product"));
        codes.put("manufacturer", value.apply("manufacturer"));
        codes.forEach((column, code) -> {
            String reason = CODE_COLUMNS.get(column).reason(code);
            if (reason != null) {
                errors.add(new RowError(row, column, reason));
            }
        });
        String personId = text(value.apply("person_id"), "person_id", 64, row, errors);
        String lot = text(value.apply("lot"), "lot", 64, row, errors);
        String vaccinator = text(value.apply("vaccinator"), "vaccinator", 128, row, errors);
        String appointmentId = value.apply("appointment_id");
        if (appointmentId.length() > 64) {
            errors.add(new RowError(row, "appointment_id", "is longer than 64 characters"));
        }
        int dose = number(value.apply("dose_number"), "dose_number", row, errors);
        int series = number(value.apply("series_doses"), "series_doses", row, errors);
        String country = value.apply("country").isEmpty() ? settings.defaultCountry() : value.apply("country");
        if (!country.matches("[A-Z]{2}")) {
            errors.add(new RowError(row, "country", "'" + country + "' is not an ISO 3166-1 alpha-2 code such as SE"));
        }
        Instant administeredAt = null;
        String when = value.apply("administered_at");
        try {
            administeredAt = when.length() > 19 ? OffsetDateTime.parse(when).toInstant()
                    : LocalDateTime.parse(when).atZone(zone).toInstant();
            if (administeredAt.isAfter(Instant.now().plus(Duration.ofMinutes(5)))) {
                errors.add(new RowError(row, "administered_at", when + " is in the future"));
            }
        } catch (DateTimeException e) {
            errors.add(new RowError(row, "administered_at", "'" + when + "' is not a date and time such as 2026-11-23T09:30 "
                    + "(clinic time) or 2026-11-23T09:30:00+01:00"));
        }
        if (!errors.isEmpty()) {
            progress.reject(errors);
            return null;
        }
        String disease = codes.get("target_disease");
        return VaccinationAdministered.newBuilder()
                .setEventId(doseEventId(clinicId, personId, disease, dose)).setOccurredAt(Instant.now())
                .setPersonId(personId).setClinicId(clinicId).setAppointmentId(appointmentId.isEmpty() ? null : appointmentId)
                .setTargetDisease(disease).setVaccineType(codes.get("vaccine_type")).setProduct(codes.get("product"))
                .setManufacturer(codes.get("manufacturer")).setLot(lot).setDoseNumber(dose).setSeriesDoses(series)
                .setAdministeredAt(administeredAt).setCountry(country).setVaccinator(vaccinator).build();
    }

    /** The same dose reported again, by any upload of this clinic, has the same id. */
    public static String doseEventId(String clinicId, String personId, String disease, int doseNumber) {
        return DerivedIds.of("vaccination", clinicId, personId, disease, doseNumber);
    }

    /** Checks a batch against the database (person, appointment, reported before), publishes the fresh doses, stores the counts. */
    private Uni<Void> publish(String uploadId, String clinicId, List<Row> rows, Progress progress) {
        List<String> personIds = rows.stream().map(r -> r.dose().getPersonId()).distinct().toList();
        List<String> appointmentIds = rows.stream().map(r -> r.dose().getAppointmentId()).filter(a -> a != null).toList();
        Uni<Set<String>> known = column(db.preparedQuery("SELECT person_id FROM person WHERE person_id = ANY($1)")
                .execute(Tuple.of(personIds.toArray(String[]::new))), "person_id");
        Uni<Map<String, String[]>> appointments = db.preparedQuery(
                "SELECT appointment_id, person_id, clinic_id FROM appointment WHERE appointment_id = ANY($1)")
                .execute(Tuple.of(appointmentIds.toArray(String[]::new))).map(found -> {
                    Map<String, String[]> byId = new HashMap<>();
                    found.forEach(r -> byId.put(r.getString("appointment_id"),
                            new String[] { r.getString("person_id"), r.getString("clinic_id") }));
                    // Booked minutes ago and not stored yet by the read model (it lags under load): the outcome tells.
                    for (String appointmentId : appointmentIds) {
                        if (byId.containsKey(appointmentId)) {
                            continue;
                        }
                        SpecificRecord recent = outcomes.latest(appointmentId);
                        if (!(recent instanceof AppointmentCancelled)) {
                            BookingOutcome.of(recent).ifPresent(o -> byId.put(appointmentId, new String[] { o.personId(), o.clinicId() }));
                        }
                    }
                    return byId;
                });
        Uni<Set<String>> reported = column(db.preparedQuery("SELECT event_id FROM reported_dose WHERE event_id = ANY($1)")
                .execute(Tuple.of(rows.stream().map(r -> r.dose().getEventId()).toArray(String[]::new))), "event_id");
        return Uni.combine().all().unis(known, appointments, reported).asTuple()
                .map(found -> fresh(rows, clinicId, found.getItem1(), found.getItem2(), found.getItem3(), progress))
                .chain(fresh -> fresh.isEmpty() ? Uni.createFrom().voidItem()
                        : Uni.join().all(fresh.stream().map(r -> publisher.vaccination(r.dose().getPersonId(), r.dose())).toList())
                                .andCollectFailures()
                                .chain(() -> db.preparedQuery("INSERT INTO reported_dose (event_id, upload_id, clinic_id, "
                                        + "person_id, appointment_id, reported_at) VALUES ($1, $2, $3, $4, $5, now()) "
                                        + "ON CONFLICT (event_id) DO NOTHING")
                                        .executeBatch(fresh.stream().map(r -> Tuple.of(r.dose().getEventId(), uploadId, clinicId,
                                                r.dose().getPersonId(), r.dose().getAppointmentId())).toList()))
                                .invoke(() -> progress.published += fresh.size())
                                .replaceWithVoid())
                .chain(() -> store(uploadId, "RUNNING", progress));
    }

    /** The rows to publish; the others are rejected or counted as reported already. */
    private static List<Row> fresh(List<Row> rows, String clinicId, Set<String> known, Map<String, String[]> appointments,
            Set<String> reported, Progress progress) {
        List<Row> fresh = new ArrayList<>();
        Set<String> inThisBatch = new HashSet<>();
        for (Row row : rows) {
            VaccinationAdministered dose = row.dose();
            String[] appointment = dose.getAppointmentId() == null ? null : appointments.get(dose.getAppointmentId());
            if (!known.contains(dose.getPersonId())) {
                progress.reject(List.of(new RowError(row.number(), "person_id", "no person " + dose.getPersonId()
                        + " is registered in Vaxline; they register with their phone number before a certificate can be made")));
            } else if (dose.getAppointmentId() != null && (appointment == null || !appointment[0].equals(dose.getPersonId())
                    || !appointment[1].equals(clinicId))) {
                progress.reject(List.of(new RowError(row.number(), "appointment_id", "no appointment "
                        + dose.getAppointmentId() + " of this person at this clinic")));
            } else if (reported.contains(dose.getEventId()) || !inThisBatch.add(dose.getEventId())) {
                progress.alreadyReported++;
            } else {
                fresh.add(row);
            }
        }
        return fresh;
    }

    private Uni<Void> store(String uploadId, String status, Progress p) {
        return db.preparedQuery("UPDATE vaccination_upload SET status = $2, rows_read = $3, published = $4, "
                + "already_reported = $5, rejected = $6, finished_at = CASE WHEN $2 = 'RUNNING' THEN NULL ELSE now() END "
                + "WHERE upload_id = $1").execute(Tuple.tuple(List.of(uploadId, status, (int) p.rowsRead, (int) p.published,
                        (int) p.alreadyReported, (int) p.rejected())))
                .replaceWithVoid();
    }

    private Uni<Void> failed(String uploadId, Progress progress) {
        return store(uploadId, "FAILED", progress).onFailure().recoverWithItem(e -> {
            Log.warnf("Could not mark upload %s failed: %s", uploadId, e.getMessage());
            return null;
        });
    }

    private static Uni<Set<String>> column(Uni<io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row>> query, String name) {
        return query.map(rows -> {
            Set<String> values = new HashSet<>();
            rows.forEach(r -> values.add(r.getString(name)));
            return values;
        });
    }

    private static String text(String value, String field, int max, long row, List<RowError> errors) {
        if (value.isEmpty()) {
            errors.add(new RowError(row, field, "is empty"));
        } else if (value.length() > max) {
            errors.add(new RowError(row, field, "is longer than " + max + " characters"));
        }
        return value;
    }

    private static int number(String value, String field, long row, List<RowError> errors) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= 9) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new RowError(row, field, "'" + value + "' is not a whole number from 1 to 9"));
        return 0;
    }

    private static final class Progress extends CsvRows.Rejections {
        long rowsRead;
        long published;
        long alreadyReported;

        Report report(String uploadId, String clinicId, String status) {
            return new Report(uploadId, clinicId, status, rowsRead, published, alreadyReported, rejected(), errors(),
                    truncated());
        }
    }
}
