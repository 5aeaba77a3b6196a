package io.vaxline.booking.outreach;

import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.people.PhoneNumbers;
import io.vaxline.booking.platform.CsvRows.RowError;
import io.vaxline.booking.platform.CsvRows;
import io.vaxline.booking.platform.security.KeyedHashes;
import io.vaxline.problems.InvalidInput;
import io.vaxline.schemas.DerivedIds;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A programme's patient list, uploaded by an administrator as CSV and read as it streams in: every
 * row is checked (the report names row and field), and valid rows are stored sealed
 * ({@link PersonalData}) in batches, with progress written after each batch. A person is found again
 * by the keyed hash of the list's patient reference, so uploading the same list again adds nobody: an
 * unchanged row is counted as unchanged, a changed one replaces the stored details.
 */
@ApplicationScoped
public class PatientLists {

    public static final List<String> REQUIRED = List.of("patient_ref", "given_name", "birth_date");
    public static final List<String> OPTIONAL = List.of("family_name", "phone", "email", "postcode", "conditions", "language");
    private static final int BATCH = 1000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern POSTCODE = Pattern.compile("[A-Z0-9][A-Z0-9 -]{0,15}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

    public record Upload(String uploadId, String listName, String status, long rowsRead, long added, long updated,
            long unchanged, long rejected, List<RowError> errors, boolean errorsTruncated, Instant startedAt,
            Instant finishedAt) {
    }

    private record Parsed(long row, String patientId, String refHash, String contentHash, String householdId,
            PatientData data) {
    }

    @Inject
    Pool db;

    @Inject
    PersonalData personalData;

    @Inject
    KeyedHashes hashes;

    @Inject
    ObjectMapper json;

    @Inject
    OutreachSettings settings;

    /**
     * Reads the whole list. Call it on a worker thread: the header is read at once, the rows as
     * batches are stored (on the worker pool, a batch at a time), and no thread waits for PostgreSQL.
     * Progress is visible at {@link #find} meanwhile.
     */
    public Uni<Upload> upload(String listName, String uploadedBy, InputStream body) {
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
            throw new InvalidInput("file", "the header row lacks the column(s) " + String.join(", ", missing)
                    + "; the columns are " + String.join(", ", REQUIRED) + " and optionally " + String.join(", ", OPTIONAL)
                    + " (at least one of phone and email per row)");
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return db.preparedQuery("INSERT INTO patient_upload (upload_id, list_name, uploaded_by, status, started_at) "
                + "VALUES ($1, $2, $3, 'RUNNING', $4)").execute(Tuple.of(uploadId, listName, uploadedBy,
                        started.atOffset(ZoneOffset.UTC)))
                .onItem().transformToMulti(inserted -> CsvRows.records(csv))
                .map(record -> {
                    progress.rowsRead++;
                    return Optional.ofNullable(parse(record, record.getRecordNumber() + 1, today, progress));
                })
                .filter(Optional::isPresent).map(Optional::get)
                .group().intoLists().of(BATCH)
                .onItem().transformToUniAndConcatenate(batch -> store(uploadId, batch, progress)
                        .ifNoItem().after(CsvRows.BATCH_TIMEOUT).failWith(() -> CsvRows.stalled(progress.rowsRead)))
                .onItem().ignoreAsUni()
                // rows rejected after the last stored batch are counted in the end's record
                .chain(() -> finish(uploadId, "DONE", progress))
                .map(done -> {
                    Log.infof("Patient list %s (%s): %,d rows, %,d added, %,d updated, %,d unchanged, %,d rejected", uploadId,
                            listName, progress.rowsRead, progress.added, progress.updated, progress.unchanged,
                            progress.rejected());
                    return progress.upload(uploadId, listName, "DONE", started, Instant.now());
                })
                .onFailure(CsvRows.Unreadable.class).recoverWithUni(e -> finish(uploadId, "FAILED", progress)
                        .chain(() -> Uni.createFrom().<Upload>failure(unreadable((CsvRows.Unreadable) e, progress))))
                // any other failure (a stalled batch, PostgreSQL refusing) still ends the upload's record
                .onFailure(e -> !(e instanceof InvalidInput)).call(e -> finish(uploadId, "FAILED", progress).onFailure().recoverWithNull())
                .onTermination().invoke(() -> CsvRows.close(csv));
    }

    private static InvalidInput unreadable(CsvRows.Unreadable e, Progress progress) {
        return new InvalidInput("file", "the file " + e.where(progress.rowsRead)
                + "; rows before it were stored, and uploading the whole list again is safe");
    }

    public Uni<java.util.Optional<Upload>> find(String uploadId) {
        return db.preparedQuery("SELECT * FROM patient_upload WHERE upload_id = $1").execute(Tuple.of(uploadId))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).findFirst().map(this::upload));
    }

    public Uni<List<Upload>> recent() {
        return db.query("SELECT * FROM patient_upload ORDER BY started_at DESC LIMIT 50").execute()
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(this::upload).toList());
    }

    private Upload upload(Row row) {
        List<RowError> errors;
        try {
            errors = Arrays.asList(json.readValue(row.getValue("errors").toString(), RowError[].class));
        } catch (JsonProcessingException e) {
            errors = List.of();
        }
        return new Upload(row.getString("upload_id"), row.getString("list_name"), row.getString("status"),
                row.getInteger("rows_read"), row.getInteger("added"), row.getInteger("updated"), row.getInteger("unchanged"),
                row.getInteger("rejected"), errors, errors.size() >= CsvRows.MAX_ERRORS,
                row.getOffsetDateTime("started_at").toInstant(),
                row.getOffsetDateTime("finished_at") == null ? null : row.getOffsetDateTime("finished_at").toInstant());
    }

    private Parsed parse(CSVRecord record, long row, LocalDate today, Progress progress) {
        List<RowError> errors = new ArrayList<>();
        Function<String, String> value = column -> record.isMapped(column) && record.isSet(column) ? record.get(column) : "";
        String ref = value.apply("patient_ref");
        if (ref.isEmpty() || ref.length() > 64) {
            errors.add(new RowError(row, "patient_ref", ref.isEmpty() ? "is empty" : "is longer than 64 characters"));
        }
        String given = value.apply("given_name");
        if (given.isEmpty() || given.length() > 100) {
            errors.add(new RowError(row, "given_name", given.isEmpty() ? "is empty" : "is longer than 100 characters"));
        }
        String family = value.apply("family_name");
        if (family.length() > 100) {
            errors.add(new RowError(row, "family_name", "is longer than 100 characters"));
        }
        LocalDate birthDate = null;
        try {
            birthDate = LocalDate.parse(value.apply("birth_date"));
            if (birthDate.isAfter(today) || birthDate.isBefore(today.minusYears(130))) {
                errors.add(new RowError(row, "birth_date", birthDate + " is not a possible birth date"));
            }
        } catch (DateTimeException e) {
            errors.add(new RowError(row, "birth_date", "'" + value.apply("birth_date") + "' is not a date such as 1950-04-30"));
        }
        String phone = null;
        if (!value.apply("phone").isEmpty()) {
            phone = PhoneNumbers.e164(value.apply("phone"));
            if (phone == null) {
                errors.add(new RowError(row, "phone", "'" + value.apply("phone")
                        + "' is not a valid phone number in international form, e.g. +46701234567"));
            }
        }
        String email = value.apply("email").isEmpty() ? null : value.apply("email");
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            errors.add(new RowError(row, "email", "'" + email + "' is not an e-mail address"));
        }
        if (value.apply("phone").isEmpty() && email == null) {
            errors.add(new RowError(row, "phone", "neither phone nor email is given: the person cannot be reached"));
        }
        String postcode = value.apply("postcode").toUpperCase(java.util.Locale.ROOT);
        if (!postcode.isEmpty() && !POSTCODE.matcher(postcode).matches()) {
            errors.add(new RowError(row, "postcode", "'" + postcode + "' is not a postcode (letters, digits, spaces, up to 16)"));
        }
        List<String> listed = Arrays.stream(value.apply("conditions").split("[;|]")).map(String::trim)
                .filter(c -> !c.isEmpty()).distinct().sorted().toList();
        for (String condition : listed) {
            if (!settings.conditions().contains(condition)) {
                errors.add(new RowError(row, "conditions", "'" + condition + "' is not a known condition; they are "
                        + String.join(", ", new java.util.TreeSet<>(settings.conditions()))));
            }
        }
        String language = value.apply("language").isEmpty() ? "en" : value.apply("language").toLowerCase(java.util.Locale.ROOT);
        if (!LANGUAGE.matcher(language).matches()) {
            errors.add(new RowError(row, "language", "'" + language + "' is not a language code such as sv or en"));
        }
        if (!errors.isEmpty()) {
            progress.reject(errors);
            return null;
        }
        PatientData data = new PatientData(ref, given, family, birthDate, phone, email,
                postcode.isEmpty() ? null : postcode.replace(" ", ""), listed, language);
        String refHash = hashes.of("patient-ref", ref);
        String patientId = DerivedIds.of("patient", refHash);
        String contentHash = hashes.of("patient-content", String.join("\u001f", ref, given, family, birthDate.toString(),
                String.valueOf(phone), String.valueOf(email), String.valueOf(data.postcode()), String.join(";", listed), language));
        return new Parsed(row, patientId, refHash, contentHash, phone == null ? null : hashes.household(phone), data);
    }

    private Uni<Void> store(String uploadId, List<Parsed> batch, Progress progress) {
        // The same person twice in one batch: the later row wins, the earlier counts as unchanged.
        java.util.Map<String, Parsed> last = new java.util.LinkedHashMap<>();
        batch.forEach(p -> {
            if (last.put(p.refHash(), p) != null) {
                progress.unchanged++;
            }
        });
        List<Tuple> tuples = last.values().stream().map(p -> Tuple.tuple(List.of(p.patientId(), p.refHash(),
                p.contentHash(), p.householdId() == null ? "" : p.householdId(),
                io.vertx.core.buffer.Buffer.buffer(personalData.seal(p.patientId(), p.data())),
                p.data().phone() != null, p.data().email() != null, uploadId))).toList();
        return db.preparedQuery("""
                INSERT INTO patient AS p (patient_id, ref_hash, content_hash, household_id, sealed, has_phone, has_email,
                                          upload_id, updated_at)
                VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, $7, $8, now())
                ON CONFLICT (ref_hash) DO UPDATE SET content_hash = EXCLUDED.content_hash,
                    household_id = EXCLUDED.household_id, sealed = EXCLUDED.sealed, has_phone = EXCLUDED.has_phone,
                    has_email = EXCLUDED.has_email, upload_id = EXCLUDED.upload_id, updated_at = now()
                    WHERE p.content_hash <> EXCLUDED.content_hash
                RETURNING (xmax = 0) AS inserted""").executeBatch(tuples)
                .chain(rows -> {
                    long changed = 0;
                    for (RowSet<Row> result = rows; result != null; result = result.next()) {
                        for (Row row : result) {
                            changed++;
                            if (row.getBoolean("inserted")) {
                                progress.added++;
                            } else {
                                progress.updated++;
                            }
                        }
                    }
                    progress.unchanged += last.size() - changed;
                    return db.preparedQuery("UPDATE patient_upload SET rows_read = $2, added = $3, updated = $4, "
                            + "unchanged = $5, rejected = $6 WHERE upload_id = $1").execute(Tuple.tuple(List.of(uploadId,
                                    (int) progress.rowsRead, (int) progress.added, (int) progress.updated,
                                    (int) progress.unchanged, (int) progress.rejected())));
                })
                .replaceWithVoid();
    }

    /** Records how the upload ended; a failure to record it is logged, not added to the answer. */
    private Uni<Void> finish(String uploadId, String status, Progress p) {
        String errors;
        try {
            errors = json.writeValueAsString(p.errors());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return db.preparedQuery("UPDATE patient_upload SET status = $2, rows_read = $3, added = $4, updated = $5, "
                + "unchanged = $6, rejected = $7, errors = $8::jsonb, finished_at = now() WHERE upload_id = $1")
                .execute(Tuple.tuple(List.of(uploadId, status, (int) p.rowsRead, (int) p.added, (int) p.updated,
                        (int) p.unchanged, (int) p.rejected(), errors)))
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("Could not record the end of patient upload %s: %s", uploadId, e.getMessage());
                    return null;
                });
    }

    private static final class Progress extends CsvRows.Rejections {
        long rowsRead;
        long added;
        long updated;
        long unchanged;

        Upload upload(String uploadId, String listName, String status, Instant started, Instant finished) {
            return new Upload(uploadId, listName, status, rowsRead, added, updated, unchanged, rejected(), errors(),
                    truncated(), started, finished);
        }
    }
}
