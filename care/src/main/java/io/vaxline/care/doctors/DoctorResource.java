package io.vaxline.care.doctors;

import java.net.URI;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.vaxline.care.doctors.Doctors.AppointmentType;
import io.vaxline.care.doctors.Doctors.Doctor;
import io.vaxline.care.platform.BookingApi;
import io.vaxline.care.platform.CareSettings;
import io.vaxline.care.platform.Caller;
import io.vaxline.problems.InvalidInput;
import io.vaxline.problems.StateConflict;
import io.vaxline.problems.openapi.ContractModel;

/**
 * Doctors of a clinic and their calendars, kept by the clinic's staff (a doctor is staff with a staff
 * token too). Every change of hours publishes the coming days again: each working window is a session
 * of the doctor's own service with one seat per slot, so scheduler-stream decides every booking.
 */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Doctors", description = "Doctors, their weekly hours, exceptions and appointment types")
public class DoctorResource {

    static final String ID = "[a-z0-9][a-z0-9-]{0,29}";
    static final String ID_MESSAGE = "must be 1-30 lower-case letters, digits or dashes, starting with a letter or digit";

    public record NewDoctor(@NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String doctorId,
            @NotBlank @Size(max = 100) String name,
            @Size(max = 100) String staffName,
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "must be a service name the clinic offers") String service,
            @NotNull @Min(5) @Max(240) Integer slotMinutes) {
    }

    public record HoursBody(@NotNull @Min(1) @Max(7) Integer weekday, @NotNull LocalTime startTime, @NotNull LocalTime endTime) {
        @AssertTrue(message = "must be after startTime")
        public boolean isEndTime() {
            return startTime == null || endTime == null || endTime.isAfter(startTime);
        }
    }

    public record Week(@NotNull @Size(max = 50) List<@Valid @NotNull HoursBody> hours) {
    }

    public record ExceptionBody(boolean dayOff, LocalTime startTime, LocalTime endTime, @Size(max = 200) String note) {
        @AssertTrue(message = "must be given, after startTime, unless the day is a day off")
        public boolean isEndTime() {
            return dayOff ? startTime == null && endTime == null : startTime != null && endTime != null && endTime.isAfter(startTime);
        }
    }

    public record NewType(@NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String typeId,
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Pattern(regexp = "IN_PERSON|VIDEO", message = "must be IN_PERSON or VIDEO") String mode,
            @NotNull @Min(5) @Max(240) Integer minutes,
            @NotNull @Min(0) @Max(10_000_000) Long feeMinor,
            @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 currency code") String currency) {
    }

    public record DoctorView(String doctorId, String clinicId, String name, String staffName, String service, int slotMinutes,
            List<AppointmentType> types) {
    }

    public record CalendarView(String doctorId, List<Calendar.Hours> week, List<Calendar.Exception> exceptions,
            List<Calendar.Window> published) {
    }

    public record DaySlots(String doctorId, LocalDate date, List<BookingApi.Slot> slots) {
    }

    @Inject
    Doctors doctors;

    @Inject
    BookingApi bookingApi;

    @Inject
    CareSettings settings;

    @Inject
    Caller caller;

    @POST
    @Path("clinics/{clinicId}/doctors")
    @RolesAllowed({Caller.CLINIC, Caller.ADMIN})
    @Operation(operationId = "addDoctor", summary = "Add a doctor to the clinic; the clinic must offer the doctor's service")
    @APIResponse(responseCode = "201", description = "Added", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DoctorView.class)))
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT, description = "The doctor or the service is taken")
    public Response addDoctor(@PathParam("clinicId") @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}") String clinicId,
            @Valid @NotNull NewDoctor body) {
        caller.requireClinic(clinicId);
        if (doctors.find(body.doctorId()).isPresent() || doctors.serviceTaken(body.service())) {
            throw new StateConflict("A doctor " + body.doctorId() + " or one with service " + body.service() + " exists already");
        }
        Doctor doctor = new Doctor(body.doctorId(), clinicId, body.name().strip(), body.staffName(), body.service(), body.slotMinutes());
        doctors.add(doctor);
        return Response.created(URI.create("/doctors/" + doctor.doctorId())).entity(view(doctor)).build();
    }

    @GET
    @Path("clinics/{clinicId}/doctors")
    @PermitAll
    @Operation(operationId = "listDoctors", summary = "The clinic's doctors and their appointment types")
    @APIResponse(responseCode = "200", description = "The doctors (none: an empty list)")
    public List<DoctorView> listDoctors(@PathParam("clinicId") @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}") String clinicId) {
        return doctors.atClinic(clinicId).stream().map(this::view).toList();
    }

    @GET
    @Path("doctors/{doctorId}")
    @PermitAll
    @Operation(operationId = "getDoctor", summary = "A doctor and their appointment types")
    @APIResponse(responseCode = "200", description = "The doctor")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such doctor")
    public DoctorView getDoctor(@PathParam("doctorId") @Pattern(regexp = ID) String doctorId) {
        return view(doctor(doctorId));
    }

    @PUT
    @Path("doctors/{doctorId}/weekly-hours")
    @RolesAllowed({Caller.CLINIC, Caller.ADMIN})
    @Operation(operationId = "setWeeklyHours", summary = "Set the doctor's weekly hours; the coming days are published again")
    @APIResponse(responseCode = "200", description = "The calendar as now published")
    public CalendarView setWeek(@PathParam("doctorId") @Pattern(regexp = ID) String doctorId, @Valid @NotNull Week body) {
        Doctor doctor = managed(doctorId);
        List<Calendar.Hours> week = body.hours().stream().map(h -> new Calendar.Hours(h.weekday(), h.startTime(), h.endTime())).toList();
        if (Calendar.overlaps(week)) {
            throw new InvalidInput("hours", "must not overlap on a weekday");
        }
        for (Calendar.Hours hours : week) {
            if (hours.start().plusMinutes(doctor.slotMinutes()).isAfter(hours.end())) {
                throw new InvalidInput("hours", "each window must hold at least one slot of " + doctor.slotMinutes() + " minutes");
            }
        }
        doctors.replaceWeek(doctorId, week);
        return publish(doctor);
    }

    @PUT
    @Path("doctors/{doctorId}/exceptions/{date}")
    @RolesAllowed({Caller.CLINIC, Caller.ADMIN})
    @Operation(operationId = "setCalendarException", summary = "A day off, or the day's own hours; the day is published again")
    @APIResponse(responseCode = "200", description = "The calendar as now published")
    public CalendarView setException(@PathParam("doctorId") @Pattern(regexp = ID) String doctorId,
            @PathParam("date") LocalDate date, @Valid @NotNull ExceptionBody body) {
        Doctor doctor = managed(doctorId);
        if (!body.dayOff() && body.startTime().plusMinutes(doctor.slotMinutes()).isAfter(body.endTime())) {
            throw new InvalidInput("endTime", "must leave room for one slot of " + doctor.slotMinutes() + " minutes");
        }
        doctors.putException(doctorId, new Calendar.Exception(date, body.dayOff() ? null : body.startTime(),
                body.dayOff() ? null : body.endTime(), body.note()));
        return publish(doctor);
    }

    @DELETE
    @Path("doctors/{doctorId}/exceptions/{date}")
    @RolesAllowed({Caller.CLINIC, Caller.ADMIN})
    @Operation(operationId = "removeCalendarException", summary = "The day follows the weekly hours again")
    @APIResponse(responseCode = "200", description = "The calendar as now published")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such doctor or exception")
    public CalendarView removeException(@PathParam("doctorId") @Pattern(regexp = ID) String doctorId, @PathParam("date") LocalDate date) {
        Doctor doctor = managed(doctorId);
        if (!doctors.removeException(doctorId, date)) {
            throw new NotFoundException("No exception on " + date);
        }
        return publish(doctor);
    }

    @GET
    @Path("doctors/{doctorId}/calendar")
    @RolesAllowed({Caller.CLINIC, Caller.ADMIN})
    @Operation(operationId = "getCalendar", summary = "The doctor's weekly hours, exceptions and published sessions")
    @APIResponse(responseCode = "200", description = "The calendar")
    public CalendarView calendar(@PathParam("doctorId") @Pattern(regexp = ID) String doctorId) {
        managed(doctorId);
        return calendarView(doctorId);
    }

    @POST
    @Path("doctors/{doctorId}/appointment-types")
    @RolesAllowed({Caller.CLINIC, Caller.ADMIN})
    @Operation(operationId = "addAppointmentType", summary = "An appointment type of the doctor: in person or video, its length and fee")
    @APIResponse(responseCode = "201", description = "Added", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentType.class)))
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT, description = "The type exists already")
    public Response addType(@PathParam("doctorId") @Pattern(regexp = ID) String doctorId, @Valid @NotNull NewType body) {
        Doctor doctor = managed(doctorId);
        if (body.minutes() > doctor.slotMinutes()) {
            throw new InvalidInput("minutes", "must fit in the doctor's slot of " + doctor.slotMinutes() + " minutes");
        }
        if (doctors.type(body.typeId()).isPresent()) {
            throw new StateConflict("An appointment type " + body.typeId() + " exists already");
        }
        AppointmentType type = new AppointmentType(body.typeId(), doctorId, body.name().strip(), body.mode(), body.minutes(),
                body.feeMinor(), body.currency());
        doctors.addType(type);
        return Response.created(URI.create("/doctors/" + doctorId)).entity(type).build();
    }

    @GET
    @Path("doctors/{doctorId}/slots")
    @PermitAll
    @Operation(operationId = "listDoctorSlots", summary = "The doctor's free slots on a day (from scheduler-stream's availability view)")
    @APIResponse(responseCode = "200", description = "The free slots")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such doctor")
    public DaySlots slots(@PathParam("doctorId") @Pattern(regexp = ID) String doctorId, @QueryParam("date") @NotNull LocalDate date) {
        Doctor doctor = doctor(doctorId);
        return new DaySlots(doctorId, date, bookingApi.freeSlots(doctor.clinicId(), date, doctor.service()));
    }

    Doctor doctor(String doctorId) {
        return doctors.find(doctorId).orElseThrow(() -> new NotFoundException("No doctor " + doctorId));
    }

    private Doctor managed(String doctorId) {
        Doctor doctor = doctor(doctorId);
        caller.requireClinic(doctor.clinicId());
        return doctor;
    }

    /**
     * Brings the published sessions in line with the calendar for the coming days: withdraws those that
     * no longer hold (booking-api cancels their appointments and the people are told) and publishes the
     * new ones. Sessions ids are derived from the window, so publishing one again changes nothing.
     */
    private CalendarView publish(Doctor doctor) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Calendar.Window> wanted = Calendar.windows(doctors.week(doctor.doctorId()), doctors.exceptions(doctor.doctorId()),
                today, settings.horizonDays());
        Set<Calendar.Window> published = new HashSet<>(doctors.published(doctor.doctorId()));
        for (Calendar.Window window : published) {
            if (!window.day().isBefore(today) && !wanted.contains(window)) {
                bookingApi.withdrawSession(caller.bearer(), doctor.clinicId(), window.sessionId(doctor.doctorId()),
                        "The doctor's hours changed");
                doctors.recordWithdrawn(doctor.doctorId(), window);
            }
        }
        String staff = doctor.staffName() != null ? doctor.staffName() : doctor.name();
        for (Calendar.Window window : wanted) {
            if (!published.contains(window)) {
                bookingApi.publishSession(caller.bearer(), doctor.clinicId(), window.sessionId(doctor.doctorId()), doctor.service(),
                        window.day(), window.start(), lastSlotEnd(window, doctor.slotMinutes()), doctor.slotMinutes(), staff);
                doctors.recordPublished(doctor.doctorId(), window);
            }
        }
        return calendarView(doctor.doctorId());
    }

    /** A window is cut into whole slots; what is left at its end is not offered. */
    private static LocalTime lastSlotEnd(Calendar.Window window, int slotMinutes) {
        long minutes = java.time.Duration.between(window.start(), window.end()).toMinutes();
        return window.start().plusMinutes(minutes / slotMinutes * slotMinutes);
    }

    private CalendarView calendarView(String doctorId) {
        return new CalendarView(doctorId, doctors.week(doctorId), List.copyOf(doctors.exceptions(doctorId).values()),
                doctors.published(doctorId));
    }

    private DoctorView view(Doctor doctor) {
        return new DoctorView(doctor.doctorId(), doctor.clinicId(), doctor.name(), doctor.staffName(), doctor.service(),
                doctor.slotMinutes(), doctors.types(doctor.doctorId()));
    }
}
