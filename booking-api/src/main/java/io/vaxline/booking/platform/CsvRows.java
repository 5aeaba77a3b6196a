package io.vaxline.booking.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vaxline.problems.ProblemException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * What booking-api's CSV files share. Uploads (clinics' doses, patient lists): one dialect (RFC 4180 in
 * UTF-8 with a header row, values trimmed, blank lines skipped), the header check, and the rejected
 * rows with their errors, kept up to {@link #MAX_ERRORS}. Downloads (rosters, outreach exports): cells
 * that a spreadsheet would run as formulas are written as text.
 */
public final class CsvRows {

    public static final int MAX_ERRORS = 1000;

    /** What was wrong with one field of one row (the header is row 1). */
    public record RowError(long row, String field, String message) {
    }

    private CsvRows() {
    }

    /** A cell a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) is written as text. */
    public static String safeCell(String value) {
        return value == null ? "" : !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    /** One RFC 4180 field, quoted and formula-safe, for files written by hand. */
    public static String quoted(String value) {
        return "\"" + safeCell(value).replace("\"", "\"\"") + "\"";
    }

    /**
     * How long one batch of an upload may wait for PostgreSQL or Kafka: past it the upload fails with
     * {@link #stalled} rather than holding the request (and its RUNNING record) for ever.
     */
    public static final Duration BATCH_TIMEOUT = Duration.ofMinutes(1);

    /** The answer to an upload whose batch waited {@link #BATCH_TIMEOUT}: what was applied, and what to do. */
    public static ProblemException stalled(long rowsRead) {
        return new ProblemException(503, "upload-stalled", "The upload stopped",
                "PostgreSQL or Kafka did not answer within " + BATCH_TIMEOUT.toSeconds() + " s after row " + rowsRead
                        + "; rows before it were applied, and uploading the whole file again is safe once they answer");
    }

    /**
     * The body cannot be read as CSV: an I/O error under it, or text that is not RFC 4180. Only the parser
     * raises it, so an upload tells a bad file from its own failures (sealing, PostgreSQL, Kafka).
     */
    public static final class Unreadable extends RuntimeException {

        Unreadable(Throwable cause) {
            super(cause.getMessage(), cause);
        }

        /** Where reading stopped, for the uploader: "could not be read as CSV after row 7: …". */
        public String where(long rowsRead) {
            boolean io = getCause() instanceof IOException || getCause() instanceof UncheckedIOException;
            return (io ? "could not be read as CSV after row " : "is not valid CSV near row ") + (rowsRead + 1) + ": "
                    + getMessage();
        }
    }

    /** A parser over the body; closing it closes the body. Throws {@link Unreadable} when the header cannot be read. */
    public static CSVParser parse(InputStream body) {
        try {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true)
                    .get().parse(new InputStreamReader(body, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new Unreadable(e);
        }
    }

    /**
     * The parser's records, read on a worker thread as they are requested (reading the body blocks), so the
     * consumer holds none while it writes to PostgreSQL or Kafka; the parser is closed at the end.
     */
    public static Multi<CSVRecord> records(CSVParser csv) {
        return Multi.createFrom().iterable(csv).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().transform(Unreadable::new)
                .onTermination().invoke(() -> close(csv));
    }

    /** Closes the parser and the body under it. */
    public static void close(CSVParser csv) {
        try {
            csv.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The required columns the header row lacks. */
    public static List<String> missing(CSVParser csv, List<String> required) {
        return required.stream().filter(c -> !csv.getHeaderMap().containsKey(c)).toList();
    }

    /** Rows refused so far, and their errors up to {@link #MAX_ERRORS}. */
    public static class Rejections {
        private long rejected;
        private final List<RowError> errors = new ArrayList<>();
        private boolean truncated;

        public void reject(List<RowError> rowErrors) {
            rejected++;
            for (RowError error : rowErrors) {
                if (errors.size() < MAX_ERRORS) {
                    errors.add(error);
                } else {
                    truncated = true;
                }
            }
        }

        public long rejected() {
            return rejected;
        }

        public List<RowError> errors() {
            return List.copyOf(errors);
        }

        public boolean truncated() {
            return truncated;
        }
    }
}
