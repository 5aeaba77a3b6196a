package io.vaxline.web.console;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vaxline.web.CareApi;

/**
 * The clinic's doctors and their calendars on the console (care's REST API with the staff token): the doctors with a
 * form to add one; per doctor, the weekly hours (a row per window, several a day), the exceptions (a day off or the
 * day's own hours, with a note), the appointment types, and the windows care published from them, which is what people
 * can book. Every form posts and redirects; a refusal comes back at its form with what was typed, each field's message
 * in the person's language.
 */
@Path("/clinic/{clinicId}/calendars")
@Produces(MediaType.TEXT_HTML)
public class DoctorCalendars {

    /** A weekday shows its windows and this many empty rows, so one more window can be added without script. */
    static final int SPARE_ROWS = 1;

    private static final java.util.regex.Pattern ROW = java.util.regex.Pattern.compile("(start|end)-([1-7])-(\\d{1,2})");
    private static final java.util.regex.Pattern HOURS_FIELD = java.util.regex.Pattern.compile("hours\\[(\\d+)]\\.?(\\w*)");

    @Inject
    Console console;

    @Inject
    @RestClient
    CareApi care;

    @Location("console/calendars.html")
    Template listPage;

    @Location("console/calendar.html")
    Template doctorPage;

    @Location("console/problem.html")
    Template problemPage;

    // ---------------------------------------------------------------- the doctors

    @GET
    public Uni<Response> doctors(@PathParam("clinicId") String clinicId, @QueryParam("lang") String lang) {
        return console.signedIn(bearer -> console.clinicDay(clinicId, null, lang, day ->
                doctorsView(day, Forms.of("doctorId", "", "name", "", "service", "", "slotMinutes", "30"), null, Map.of(), lang, 200)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> addDoctor(@PathParam("clinicId") String clinicId, @FormParam("doctorId") String doctorId,
            @FormParam("name") String name, @FormParam("service") String service, @FormParam("slotMinutes") String slotMinutes) {
        Map<String, String> typed = Forms.of("doctorId", doctorId, "name", name, "service", service, "slotMinutes", slotMinutes);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("doctorId", typed.get("doctorId").toLowerCase(Locale.ROOT));
        body.put("name", typed.get("name"));
        body.put("service", typed.get("service").toLowerCase(Locale.ROOT));
        body.put("slotMinutes", whole(typed.get("slotMinutes")));
        return console.signedIn(bearer -> console.clinicDay(clinicId, null, null, day -> care.addDoctor(bearer, clinicId, body)
                .chain(answer -> {
                    if (answer.getStatus() == 401) {
                        return Uni.createFrom().item(console.expired());
                    }
                    if (answer.getStatus() == 201) {
                        return Uni.createFrom().item(Console.redirect("/clinic/" + clinicId + "/calendars/"
                                + body.get("doctorId") + "?sent=added"));
                    }
                    Refusal refusal = Refusal.of(answer, console.locale(null), "doctor", Map.of());
                    return doctorsView(day, typed, refusal.problem(), refusal.fields(), null, answer.getStatus());
                })));
    }

    private Uni<Response> doctorsView(Console.ClinicDay day, Map<String, String> typed, Problem problem,
            Map<String, String> errors, String lang, int status) {
        return care.doctors(day.clinicId()).map(answer -> {
            if (answer.getStatus() != 200) {
                return console.apiProblem(answer, day, lang);
            }
            List<Map<String, Object>> doctors = Console.list(answer.readEntity(JsonNode.class));
            return console.page(console.withClinic(listPage, day, "doctors").data("doctors", doctors).data("typed", typed)
                    .data("problem", problem).data("errors", errors), lang, status);
        });
    }

    // ---------------------------------------------------------------- one doctor's calendar

    @GET
    @Path("{doctorId}")
    public Uni<Response> doctor(@PathParam("clinicId") String clinicId, @PathParam("doctorId") String doctorId,
            @QueryParam("sent") String sent, @QueryParam("lang") String lang) {
        return console.signedIn(bearer -> console.clinicDay(clinicId, null, lang, day -> calendarView(bearer, day, doctorId,
                sent != null && sent.matches("added|hours|exception|removed|type") ? sent : null, null, lang, 200)));
    }

    /** The week as typed: rows start-{weekday}-{n} and end-{weekday}-{n}; a row with both empty is no window. */
    @POST
    @Path("{doctorId}/hours")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> setHours(@PathParam("clinicId") String clinicId, @PathParam("doctorId") String doctorId,
            MultivaluedMap<String, String> form) {
        Map<String, String[]> rows = rows(form);
        List<Map<String, Object>> hours = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        rows.forEach((key, window) -> {
            if (!window[0].isEmpty() || !window[1].isEmpty()) {
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("weekday", Integer.parseInt(key.substring(0, 1)));
                h.put("startTime", window[0].isEmpty() ? null : window[0]);
                h.put("endTime", window[1].isEmpty() ? null : window[1]);
                hours.add(h);
                keys.add(key);
            }
        });
        Map<String, Object> week = Map.of("hours", hours);
        return send(clinicId, doctorId, "hours", bearer -> care.weeklyHours(bearer, doctorId, week), 200,
                new Typed("hours", Map.of(), rows, keys));
    }

    @POST
    @Path("{doctorId}/exceptions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> addException(@PathParam("clinicId") String clinicId, @PathParam("doctorId") String doctorId,
            @FormParam("date") String date, @FormParam("kind") String kind, @FormParam("startTime") String startTime,
            @FormParam("endTime") String endTime, @FormParam("note") String note) {
        Map<String, String> typed = Forms.of("date", date, "kind", "hours".equals(kind) ? "hours" : "dayOff",
                "startTime", startTime, "endTime", endTime, "note", note);
        LocalDate day = Console.parseDate(typed.get("date"));
        if (day == null) {
            Problem problem = new Problem(422, msg().invalid(), null, List.of(new Problem.FieldError(msg().exception_date(),
                    msg().calendar_date_needed())));
            return console.signedIn(bearer -> console.clinicDay(clinicId, null, null, clinic -> calendarView(bearer, clinic,
                    doctorId, null, new Typed("exception", typed, Map.of(), List.of()).refused(problem,
                            Map.of("date", msg().calendar_date_needed())), null, 422)));
        }
        boolean dayOff = typed.get("kind").equals("dayOff");
        Map<String, Object> body = new HashMap<>();
        body.put("dayOff", dayOff);
        body.put("startTime", dayOff || typed.get("startTime").isEmpty() ? null : typed.get("startTime"));
        body.put("endTime", dayOff || typed.get("endTime").isEmpty() ? null : typed.get("endTime"));
        if (!typed.get("note").isEmpty()) {
            body.put("note", typed.get("note"));
        }
        return send(clinicId, doctorId, "exception", bearer -> care.putException(bearer, doctorId, day.toString(), body), 200,
                new Typed("exception", typed, Map.of(), List.of()));
    }

    @POST
    @Path("{doctorId}/exceptions/{date}/remove")
    public Uni<Response> removeException(@PathParam("clinicId") String clinicId, @PathParam("doctorId") String doctorId,
            @PathParam("date") String date) {
        return send(clinicId, doctorId, "removed", bearer -> care.removeException(bearer, doctorId, date), 200,
                new Typed("removed", Map.of(), Map.of(), List.of()));
    }

    @POST
    @Path("{doctorId}/types")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> addType(@PathParam("clinicId") String clinicId, @PathParam("doctorId") String doctorId,
            @FormParam("name") String name, @FormParam("mode") String mode, @FormParam("minutes") String minutes,
            @FormParam("fee") String fee, @FormParam("currency") String currency) {
        Map<String, String> typed = Forms.of("name", name, "mode", "VIDEO".equals(mode) ? "VIDEO" : "IN_PERSON",
                "minutes", minutes, "fee", fee, "currency", currency);
        Long feeMinor = minorUnits(typed.get("fee"));
        if (feeMinor == null) {
            Problem problem = new Problem(422, msg().invalid(), null, List.of(new Problem.FieldError(msg().type_fee(),
                    msg().calendar_fee_invalid())));
            return console.signedIn(bearer -> console.clinicDay(clinicId, null, null, clinic -> calendarView(bearer, clinic,
                    doctorId, null, new Typed("type", typed, Map.of(), List.of()).refused(problem,
                            Map.of("fee", msg().calendar_fee_invalid())), null, 422)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("typeId", typeId(doctorId, typed.get("name")));
        body.put("name", typed.get("name"));
        body.put("mode", typed.get("mode"));
        body.put("minutes", whole(typed.get("minutes")));
        body.put("feeMinor", feeMinor);
        body.put("currency", typed.get("currency").toUpperCase(Locale.ROOT));
        return send(clinicId, doctorId, "type", bearer -> care.addType(bearer, doctorId, body), 201,
                new Typed("type", typed, Map.of(), List.of()));
    }

    /** What a refused form held: its values, and for the week its rows and which row each sent window came from. */
    record Typed(String form, Map<String, String> values, Map<String, String[]> rows, List<String> keys, Problem problem,
            Map<String, String> errors) {

        Typed(String form, Map<String, String> values, Map<String, String[]> rows, List<String> keys) {
            this(form, values, rows, keys, null, Map.of());
        }

        Typed refused(Problem problem, Map<String, String> errors) {
            return new Typed(form, values, rows, keys, problem, errors);
        }
    }

    /** Sends one form's request; done, back to the doctor's page (a reload sends nothing again); refused, the page with the problem at the form. */
    private Uni<Response> send(String clinicId, String doctorId, String sent, Function<String, Uni<Response>> request, int done,
            Typed typed) {
        return console.signedIn(bearer -> console.clinicDay(clinicId, null, null, day -> request.apply(bearer).chain(answer -> {
            if (answer.getStatus() == 401) {
                return Uni.createFrom().item(console.expired());
            }
            if (answer.getStatus() == done) {
                return Uni.createFrom().item(Console.redirect("/clinic/" + clinicId + "/calendars/" + doctorId + "?sent=" + sent
                        + "#" + (sent.equals("removed") ? "exception" : sent)));
            }
            Refusal refusal = Refusal.of(answer, console.locale(null), typed.form(), rowNames(typed.keys()));
            return calendarView(bearer, day, doctorId, null, typed.refused(refusal.problem(), refusal.fields()), null,
                    answer.getStatus());
        })));
    }

    private Uni<Response> calendarView(String bearer, Console.ClinicDay day, String doctorId, String sent, Typed refused,
            String lang, int status) {
        return care.doctor(doctorId).chain(found -> {
            if (found.getStatus() != 200) {
                return Uni.createFrom().item(console.apiProblem(found, day, lang));
            }
            Map<String, Object> doctor = Console.map(found.readEntity(JsonNode.class));
            if (!day.clinicId().equals(doctor.get("clinicId"))) {
                return Uni.createFrom().item(console.page(console.withClinic(problemPage, day, "doctors").data("problem",
                        new Problem(404, msg().calendar_no_doctor(doctorId), null, List.of())), lang, 404));
            }
            return care.calendar(bearer, doctorId).map(answer -> {
                if (answer.getStatus() != 200) {
                    return console.apiProblem(answer, day, lang);
                }
                JsonNode calendar = answer.readEntity(JsonNode.class);
                Locale locale = console.locale(lang);
                Typed form = refused == null ? new Typed("", Map.of(), Map.of(), List.of()) : refused;
                Map<String, String> exception = form.form().equals("exception") ? form.values()
                        : Forms.of("date", "", "kind", "dayOff", "startTime", "", "endTime", "", "note", "");
                Map<String, String> type = form.form().equals("type") ? form.values()
                        : Forms.of("name", "", "mode", "IN_PERSON", "minutes", String.valueOf(doctor.get("slotMinutes")), "fee",
                                "0", "currency", "SEK");
                return console.page(console.withClinic(doctorPage, day, "doctors").data("doctor", doctor).data("sent", sent)
                        .data("failed", form.form()).data("problem", form.problem()).data("errors", form.errors())
                        .data("week", week(calendar.path("week"), form.form().equals("hours") ? form.rows() : null, form.errors(),
                                locale))
                        .data("exceptions", exceptions(calendar.path("exceptions"), locale))
                        .data("published", published(calendar.path("published"), day.date(), locale))
                        .data("types", types(doctor.get("types"))).data("exception", exception).data("type", type), lang, status);
            });
        });
    }

    // ---------------------------------------------------------------- what the pages show

    /** A weekday each, Monday first, with its windows (as care holds them, or as typed when refused) and spare empty rows. */
    static List<Map<String, Object>> week(JsonNode held, Map<String, String[]> typed, Map<String, String> errors, Locale locale) {
        Map<Integer, List<String[]>> byDay = new TreeMap<>();
        if (typed != null) {
            typed.forEach((key, window) -> {
                if (!window[0].isEmpty() || !window[1].isEmpty()) {
                    byDay.computeIfAbsent(Integer.parseInt(key.substring(0, 1)), d -> new ArrayList<>()).add(
                            new String[] { window[0], window[1], key });
                }
            });
        } else if (held != null) {
            for (JsonNode h : held) {
                byDay.computeIfAbsent(h.path("weekday").asInt(), d -> new ArrayList<>()).add(new String[] {
                        clock(h.path("start").asText()), clock(h.path("end").asText()), null });
            }
            byDay.values().forEach(windows -> windows.sort((a, b) -> a[0].compareTo(b[0])));
        }
        List<Map<String, Object>> days = new ArrayList<>();
        for (int weekday = 1; weekday <= 7; weekday++) {
            List<Map<String, Object>> rows = new ArrayList<>();
            List<String[]> windows = byDay.getOrDefault(weekday, List.of());
            for (int n = 0; n < windows.size() + SPARE_ROWS; n++) {
                String[] window = n < windows.size() ? windows.get(n) : new String[] { "", "", null };
                String key = weekday + "-" + n;
                // A refused row keeps its key from the form, so its errors stay with it.
                String errorKey = window[2] != null ? window[2] : key;
                Map<String, Object> row = new HashMap<>();
                row.put("key", key);
                row.put("number", n + 1);
                row.put("start", window[0]);
                row.put("end", window[1]);
                row.put("startError", errors.getOrDefault("start-" + errorKey, ""));
                row.put("endError", errors.getOrDefault("end-" + errorKey, ""));
                rows.add(row);
            }
            days.add(Map.of("weekday", weekday, "name", capitalised(DayOfWeek.of(weekday).getDisplayName(TextStyle.FULL, locale), locale),
                    "rows", rows));
        }
        return days;
    }

    /** The doctor's appointment types, each fee in the currency's units ("250.00"). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> types(Object held) {
        List<Map<String, Object>> shown = new ArrayList<>();
        if (held instanceof List<?> types) {
            for (Object t : types) {
                Map<String, Object> type = new HashMap<>((Map<String, Object>) t);
                type.put("fee", BigDecimal.valueOf(((Number) type.getOrDefault("feeMinor", 0)).longValue(), 2).toPlainString());
                shown.add(type);
            }
        }
        return shown;
    }

    static List<Map<String, Object>> exceptions(JsonNode held, Locale locale) {
        List<Map<String, Object>> shown = new ArrayList<>();
        if (held != null) {
            for (JsonNode e : held) {
                LocalDate day = LocalDate.parse(e.path("day").asText());
                Map<String, Object> line = new HashMap<>();
                line.put("date", day.toString());
                line.put("weekday", capitalised(day.getDayOfWeek().getDisplayName(TextStyle.FULL, locale), locale));
                line.put("dayOff", !e.hasNonNull("start"));
                line.put("start", e.hasNonNull("start") ? clock(e.path("start").asText()) : "");
                line.put("end", e.hasNonNull("end") ? clock(e.path("end").asText()) : "");
                line.put("note", e.hasNonNull("note") ? e.path("note").asText() : "");
                shown.add(line);
            }
        }
        shown.sort((a, b) -> String.valueOf(a.get("date")).compareTo(String.valueOf(b.get("date"))));
        return shown;
    }

    /** The windows published from today on, in order: what people can book. */
    static List<Map<String, Object>> published(JsonNode held, LocalDate today, Locale locale) {
        List<Map<String, Object>> shown = new ArrayList<>();
        if (held != null) {
            for (JsonNode w : held) {
                LocalDate day = LocalDate.parse(w.path("day").asText());
                if (!day.isBefore(today)) {
                    shown.add(Map.of("date", day.toString(), "weekday",
                            capitalised(day.getDayOfWeek().getDisplayName(TextStyle.FULL, locale), locale),
                            "start", clock(w.path("start").asText()), "end", clock(w.path("end").asText())));
                }
            }
        }
        shown.sort((a, b) -> (a.get("date") + " " + a.get("start")).compareTo(b.get("date") + " " + b.get("start")));
        return shown;
    }

    /** The week's rows as typed, by key "{weekday}-{n}", in weekday and row order: [start, end]. */
    static Map<String, String[]> rows(MultivaluedMap<String, String> form) {
        Map<String, String[]> rows = new TreeMap<>((a, b) -> {
            int day = a.substring(0, 1).compareTo(b.substring(0, 1));
            return day != 0 ? day : Integer.compare(Integer.parseInt(a.substring(2)), Integer.parseInt(b.substring(2)));
        });
        if (form != null) {
            form.forEach((name, values) -> {
                Matcher m = ROW.matcher(name);
                if (m.matches()) {
                    String[] window = rows.computeIfAbsent(m.group(2) + "-" + m.group(3), k -> new String[] { "", "" });
                    String value = values == null || values.isEmpty() || values.getFirst() == null ? "" : values.getFirst().strip();
                    window[m.group(1).equals("start") ? 0 : 1] = value;
                }
            });
        }
        return rows;
    }

    /** For the week's refusals: care's "hours[2].endTime" is the row of the third window sent. */
    private static Map<Integer, String> rowNames(List<String> keys) {
        Map<Integer, String> names = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            names.put(i, keys.get(i));
        }
        return names;
    }

    /**
     * care's refusal as the page shows it: a title and each field's message in the person's language (care's own words
     * only for a field the page does not know), keyed by the form's input name for the message next to it.
     */
    record Refusal(Problem problem, Map<String, String> fields) {

        static Refusal of(Response answer, Locale locale, String form, Map<Integer, String> rows) {
            return of(Problem.of(answer), ConsoleMessages.of(locale), locale, form, rows);
        }

        static Refusal of(Problem care, ConsoleMsg msg, Locale locale, String form, Map<Integer, String> rows) {
            Map<String, String> fields = new LinkedHashMap<>();
            List<Problem.FieldError> summary = new ArrayList<>();
            for (Problem.FieldError e : care.errors()) {
                Matcher hours = HOURS_FIELD.matcher(e.field());
                String field;
                String input;
                if (hours.find() && rows.containsKey(Integer.valueOf(hours.group(1)))) {
                    String row = rows.get(Integer.valueOf(hours.group(1)));
                    field = hours.group(2).isEmpty() || hours.group(2).equals("endTime") ? "endTime"
                            : hours.group(2).equals("startTime") ? "startTime" : hours.group(2);
                    input = (field.equals("startTime") ? "start-" : "end-") + row;
                } else {
                    field = e.field().substring(e.field().lastIndexOf('.') + 1).replaceFirst("\\[\\d+]$", "");
                    input = field.equals("feeMinor") ? "fee" : field;
                }
                String message = message(msg, form, field, e.message());
                fields.merge(input, message, (a, b) -> a.equals(b) ? a : a + "; " + b);
                summary.add(new Problem.FieldError(label(msg, locale, field, input), message));
            }
            String title = switch (care.status()) {
                case 422, 400 -> msg.invalid();
                case 409 -> switch (form) {
                    case "doctor" -> msg.calendar_doctor_taken();
                    case "type" -> msg.calendar_type_taken();
                    default -> care.title();
                };
                case 403 -> msg.calendar_not_yours();
                case 404 -> msg.calendar_gone();
                default -> care.title();
            };
            return new Refusal(new Problem(care.status(), title, care.errors().isEmpty() && care.status() != 409
                    ? care.detail() : null, summary), fields);
        }

        private static String message(ConsoleMsg msg, String form, String field, String theirs) {
            return switch (field) {
                case "doctorId" -> msg.calendar_err_id();
                case "name" -> msg.calendar_err_name();
                case "service" -> msg.calendar_err_service();
                case "slotMinutes" -> msg.calendar_err_slot_minutes();
                case "startTime" -> msg.calendar_err_start();
                case "endTime" -> msg.calendar_err_end();
                case "hours" -> msg.calendar_err_overlap();
                case "note" -> msg.calendar_err_note();
                case "minutes" -> msg.calendar_err_minutes();
                case "feeMinor", "fee" -> msg.calendar_fee_invalid();
                case "currency" -> msg.calendar_err_currency();
                case "mode" -> msg.calendar_err_mode();
                case "typeId" -> msg.calendar_err_type_id();
                default -> theirs;
            };
        }

        private static String label(ConsoleMsg msg, Locale locale, String field, String input) {
            String row = input.matches("(start|end)-[1-7]-\\d+") ? input.substring(input.indexOf('-') + 1) : null;
            String name = switch (field) {
                case "doctorId" -> msg.calendar_doctor_id();
                case "name" -> msg.calendar_name();
                case "service" -> msg.calendar_service();
                case "slotMinutes" -> msg.calendar_slot_minutes();
                case "startTime" -> msg.hours_from();
                case "endTime" -> msg.hours_to();
                case "hours" -> msg.calendar_week();
                case "note" -> msg.exception_note();
                case "minutes" -> msg.type_minutes();
                case "feeMinor", "fee" -> msg.type_fee();
                case "currency" -> msg.type_currency();
                case "mode" -> msg.type_mode();
                default -> field;
            };
            if (row == null) {
                return name;
            }
            return msg.calendar_row(capitalised(DayOfWeek.of(Integer.parseInt(row.substring(0, 1))).getDisplayName(TextStyle.FULL,
                    locale), locale), Integer.parseInt(row.substring(2)) + 1, name);
        }
    }

    // ---------------------------------------------------------------- little things

    /** An id care takes for the type: the doctor's id and the name's letters and digits, at most 30 characters. */
    static String typeId(String doctorId, String name) {
        String slug = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        String id = (doctorId + "-" + (slug.isEmpty() ? "type" : slug));
        id = id.length() > 30 ? id.substring(0, 30) : id;
        return id.replaceAll("-+$", "");
    }

    /** A fee typed in the currency's units ("250", "250.50", "250,50") in minor units; null when it is no amount. */
    static Long minorUnits(String fee) {
        String typed = fee == null ? "" : fee.replaceAll("[\\s\u00a0]", "").replace(',', '.');
        if (typed.isEmpty() || !typed.matches("\\d{1,9}(\\.\\d{1,2})?")) {
            return null;
        }
        return new BigDecimal(typed).movePointRight(2).longValueExact();
    }

    /** A whole number, or the text as typed (care then names the field). */
    private static Object whole(String value) {
        try {
            return value == null || value.isBlank() ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return value;
        }
    }

    static String clock(String time) {
        return time != null && time.length() >= 5 ? time.substring(0, 5) : time;
    }

    private static String capitalised(String word, Locale locale) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(locale) + word.substring(1);
    }

    private ConsoleMsg msg() {
        return ConsoleMessages.of(console.locale(null));
    }
}
