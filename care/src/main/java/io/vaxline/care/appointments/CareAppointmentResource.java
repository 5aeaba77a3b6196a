package io.vaxline.care.appointments;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.vaxline.care.appointments.CareAppointments.CareAppointment;
import io.vaxline.care.appointments.CareAppointments.Note;
import io.vaxline.care.doctors.Doctors;
import io.vaxline.care.doctors.Doctors.AppointmentType;
import io.vaxline.care.doctors.Doctors.Doctor;
import io.vaxline.care.payments.LocalPaymentProvider;
import io.vaxline.care.payments.PaymentProvider;
import io.vaxline.care.payments.PaymentSettings;
import io.vaxline.care.payments.Payments;
import io.vaxline.care.platform.BookingApi;
import io.vaxline.care.platform.CareSettings;
import io.vaxline.care.platform.Caller;
import io.vaxline.problems.InvalidInput;
import io.vaxline.problems.Problem;
import io.vaxline.problems.ProblemException;
import io.vaxline.problems.StateConflict;
import io.vaxline.problems.openapi.ContractModel;

/**
 * Booking a doctor, and the appointments afterwards. care decides no seat: the booking is booking-api's
 * {@code POST /appointments} with the household's own token and Idempotency-Key, a BookAppointment
 * that scheduler-stream's person guard and clinic ledger decide (one seat per slot, so no overbooking,
 * and one active appointment per person and doctor). care records what only it knows afterwards.
 */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Care appointments", description = "Booking a doctor, the household's and the doctor's appointments, notes and diagnoses")
public class CareAppointmentResource {

    public record Book(@NotBlank @Size(max = 64) String personId, @NotBlank @Size(max = 30) String doctorId,
            @NotBlank @Size(max = 30) String typeId, @NotNull Instant slotStart,
            @Size(max = 200) @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "What pays the fee, when the "
                    + "type has one and the client collected it itself: the provider's payment method (Stripe: a PaymentMethod id "
                    + "such as pm_card_visa; the local provider: anything, and pm_card_chargeDeclined to see a refusal). Without "
                    + "it the fee is paid on the provider's checkout page (`checkoutUrl` in the answer)") String paymentMethod,
            @Size(max = 500) @Pattern(regexp = "https?://[^\\s]+", message = "must be an absolute http(s) URL")
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "Where the provider's checkout page sends "
                    + "the person back (paid or not)") String returnUrl) {
    }

    public record StaffChange(@NotBlank @Size(max = 200) String reason, Instant slotStart) {
    }

    public record NewNote(@NotBlank @Size(max = 4000) String text,
            @Pattern(regexp = Icd10.FORM, message = "must be an ICD-10 code such as J06.9") String icd10Code,
            @Size(max = 200) String icd10Display) {
    }

    /** booking-api's answer while the decision is still on its way: where to ask again. */
    @Schema(name = "CarePending")
    public record Pending(String requestId, String status, String statusUrl) {
    }

    public record AppointmentView(String appointmentId, String doctorId, String doctorName, String typeId, String typeName,
            String mode, long feeMinor, String currency, String clinicId, String personId, Instant slotStart,
            @Schema(description = "The slot's start in the clinic's time zone") ZonedDateTime localStart, String status,
            String videoUrl, String confirmationCode, List<Note> notes, List<Payments.Payment> payments,
            @Schema(description = "While the fee waits to be paid on the provider's page: where") String checkoutUrl,
            @Schema(description = "A paid fee is refunded when the household cancels before this (CARE_REFUND_HOURS before the slot)")
            Instant refundableUntil) {
    }

    @Inject
    Doctors doctors;

    @Inject
    CareAppointments appointments;

    @Inject
    BookingApi bookingApi;

    @Inject
    CareSettings settings;

    @Inject
    Caller caller;

    @Inject
    Payments payments;

    @Inject
    PaymentSettings paymentSettings;

    @POST
    @Path("care-appointments")
    @RolesAllowed(Caller.PERSON)
    @Operation(operationId = "bookDoctor", summary = "Book a doctor's slot for a person of the household (decided by scheduler-stream)")
    @APIResponse(responseCode = "201", description = "Booked; a video appointment carries its room link; a fee to pay on "
            + "the provider's page its `checkoutUrl` (the seat is held until the page expires)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "202", description = "Taken; the outcome is not known yet (booking-api's status URL in the body)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Pending.class)))
    @APIResponse(responseCode = "402", description = "The seat was won but the fee could not be taken: the appointment was "
            + "cancelled again (its seat is free) and `failure` says why", content = @Content(mediaType = io.vaxline.problems.Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = io.vaxline.problems.openapi.ProblemSchema.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such doctor, type or person")
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT, description = "Not booked; `reason` says why and "
            + "`freeSlots` lists the doctor's free slots of that day now")
    public Response book(@HeaderParam("Idempotency-Key") @Pattern(regexp = "[A-Za-z0-9._:-]{8,128}") String key,
            @Valid @NotNull Book body) {
        String household = caller.household();
        if (!caller.people().contains(body.personId())) {
            throw new NotFoundException("No person " + body.personId() + " in your household");
        }
        Doctor doctor = doctors.find(body.doctorId()).orElseThrow(() -> new NotFoundException("No doctor " + body.doctorId()));
        AppointmentType type = doctors.type(body.typeId()).filter(t -> t.doctorId().equals(doctor.doctorId()))
                .orElseThrow(() -> new InvalidInput("typeId", "must be one of the doctor's appointment types"));
        boolean onCheckoutPage = body.paymentMethod() == null || body.paymentMethod().isBlank();
        if (type.feeMinor() > 0 && onCheckoutPage && (body.returnUrl() == null || body.returnUrl().isBlank())) {
            throw new InvalidInput("paymentMethod", "must say how the fee of " + type.feeMinor() + " " + type.currency()
                    + " (minor units) is paid, or give returnUrl to pay it on the provider's checkout page");
        }
        BookingApi.Reply reply = bookingApi.book(caller.bearer(), key, body.personId(), doctor.clinicId(), doctor.service(),
                body.slotStart());
        return switch (reply.status()) {
            case 201 -> {
                JsonNode booked = reply.body();
                String appointmentId = booked.path("appointmentId").asText();
                boolean known = appointments.find(appointmentId).isPresent();
                CareAppointment appointment = appointments.booked(doctor, type, appointmentId, body.personId(), household,
                        Instant.parse(booked.path("slotStart").asText()), booked.path("timeZone").asText("UTC"), settings.videoBaseUrl());
                if (!known && type.feeMinor() > 0 && onCheckoutPage) {
                    openCheckout(appointment, type, body.returnUrl(), key);
                } else if (!known && type.feeMinor() > 0) {
                    pay(appointment, type, body.paymentMethod(), key);
                }
                if (PAYMENT_FAILED.equals(appointments.find(appointmentId).orElseThrow().status())) {
                    throw paymentFailed(appointmentId);
                }
                yield Response.created(URI.create("/care-appointments/" + appointment.appointmentId()))
                        .entity(view(appointment, booked.path("confirmationCode").asText(null))).build();
            }
            case 202 -> Response.accepted(reply.body()).build();
            case 409 -> throw conflict(doctor, body.slotStart(), reply.body());
            default -> throw passOn(reply);
        };
    }

    @GET
    @Path("me/care-appointments")
    @RolesAllowed(Caller.PERSON)
    @Operation(operationId = "listHouseholdCareAppointments", summary = "The household's doctor appointments, with video links, notes and diagnoses")
    @APIResponse(responseCode = "200", description = "The appointments, earliest first")
    public List<AppointmentView> mine() {
        return appointments.ofHousehold(caller.household()).stream().map(a -> view(a, null)).toList();
    }

    @GET
    @Path("care-appointments/{appointmentId}")
    @RolesAllowed({Caller.PERSON, Caller.CLINIC, Caller.ADMIN})
    @Operation(operationId = "getCareAppointment", summary = "One appointment: to its household, or to the clinic's staff")
    @APIResponse(responseCode = "200", description = "The appointment")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such appointment, or not the caller's")
    public AppointmentView get(@PathParam("appointmentId") @Size(max = 64) String appointmentId) {
        return view(readable(appointmentId), null);
    }

    @GET
    @Path("doctors/{doctorId}/appointments")
    @RolesAllowed({Caller.CLINIC, Caller.ADMIN})
    @Operation(operationId = "listDoctorAppointments", summary = "The doctor's appointments from a day, for some days")
    @APIResponse(responseCode = "200", description = "The appointments, earliest first")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such doctor")
    public List<AppointmentView> ofDoctor(@PathParam("doctorId") @Size(max = 30) String doctorId,
            @QueryParam("from") @NotNull LocalDate from, @QueryParam("days") Integer days) {
        Doctor doctor = doctors.find(doctorId).orElseThrow(() -> new NotFoundException("No doctor " + doctorId));
        caller.requireClinic(doctor.clinicId());
        Instant start = from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().minus(java.time.Duration.ofHours(14));
        Instant end = from.plusDays(days == null ? 1 : Math.max(1, Math.min(days, 62))).atStartOfDay(java.time.ZoneOffset.UTC)
                .toInstant().plus(java.time.Duration.ofHours(14));
        return appointments.ofDoctor(doctorId, start, end).stream().map(a -> view(a, null)).toList();
    }

    @jakarta.ws.rs.DELETE
    @Path("care-appointments/{appointmentId}")
    @RolesAllowed(Caller.PERSON)
    @Operation(operationId = "cancelOwnCareAppointment", summary = "The household cancels its appointment; a fee is refunded when "
            + "it is cancelled early enough (CARE_REFUND_HOURS before the slot)")
    @APIResponse(responseCode = "200", description = "Cancelled", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "202", description = "Taken; not decided yet", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Pending.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such appointment in the household")
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT, description = "Not cancelled (already cancelled, or started)")
    public Response cancelOwn(@PathParam("appointmentId") @Size(max = 64) String appointmentId,
            @HeaderParam("Idempotency-Key") @Pattern(regexp = "[A-Za-z0-9._:-]{8,128}") String key) {
        CareAppointment appointment = appointments.find(appointmentId)
                .filter(a -> a.householdId().equals(caller.household()))
                .orElseThrow(() -> new NotFoundException("No appointment " + appointmentId));
        BookingApi.Reply reply = bookingApi.cancelAsHousehold(caller.bearer(), appointmentId, key, "Cancelled by the patient");
        if (reply.status() == 200) {
            appointments.changeStatus(appointmentId, "CANCELLED");
            payments.closeCheckouts(appointmentId, "appointment_cancelled");
            if (!Instant.now().plus(java.time.Duration.ofHours(paymentSettings.refundHours())).isAfter(appointment.slotStart())) {
                payments.refund(appointmentId);
            }
            return Response.ok(view(appointments.find(appointmentId).orElseThrow(), null)).build();
        }
        if (reply.status() == 202) {
            return Response.accepted(reply.body()).build();
        }
        throw passOn(reply);
    }

    @POST
    @Path("care-appointments/{appointmentId}/cancellation")
    @RolesAllowed({Caller.CLINIC, Caller.ADMIN})
    @Operation(operationId = "cancelCareAppointment", summary = "Staff cancel an appointment with a reason (the seat is freed by scheduler-stream)")
    @APIResponse(responseCode = "200", description = "Cancelled", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "202", description = "Taken; not decided yet", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Pending.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such appointment at the caller's clinic")
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT, description = "Not cancelled (already cancelled, or started)")
    public Response cancel(@PathParam("appointmentId") @Size(max = 64) String appointmentId, @Valid @NotNull StaffChange body) {
        CareAppointment appointment = managed(appointmentId);
        BookingApi.Reply reply = bookingApi.cancelAsStaff(caller.bearer(), appointment.clinicId(), appointmentId, body.reason());
        if (reply.status() == 200) {
            appointments.changeStatus(appointmentId, "CANCELLED");
            payments.closeCheckouts(appointmentId, "appointment_cancelled");
            // The clinic called it off: whatever was paid goes back, however late.
            payments.refund(appointmentId);
            return Response.ok(view(appointments.find(appointmentId).orElseThrow(), null)).build();
        }
        if (reply.status() == 202) {
            return Response.accepted(reply.body()).build();
        }
        throw passOn(reply);
    }

    @POST
    @Path("care-appointments/{appointmentId}/move")
    @RolesAllowed({Caller.CLINIC, Caller.ADMIN})
    @Operation(operationId = "moveCareAppointment", summary = "Staff move an appointment to another of the doctor's slots, with a reason")
    @APIResponse(responseCode = "200", description = "Moved", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "202", description = "Taken; not decided yet", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Pending.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such appointment at the caller's clinic")
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT, description = "Not moved; `freeSlots` lists the doctor's free slots of that day")
    public Response move(@PathParam("appointmentId") @Size(max = 64) String appointmentId, @Valid @NotNull StaffChange body) {
        if (body.slotStart() == null) {
            throw new InvalidInput("slotStart", "must be the new slot's start");
        }
        CareAppointment appointment = managed(appointmentId);
        BookingApi.Reply reply = bookingApi.moveAsStaff(caller.bearer(), appointment.clinicId(), appointmentId, body.slotStart(),
                body.reason());
        if (reply.status() == 200) {
            appointments.moved(appointmentId, body.slotStart());
            return Response.ok(view(appointments.find(appointmentId).orElseThrow(), null)).build();
        }
        if (reply.status() == 202) {
            return Response.accepted(reply.body()).build();
        }
        if (reply.status() == 409) {
            throw conflict(doctors.find(appointment.doctorId()).orElseThrow(), body.slotStart(), reply.body());
        }
        throw passOn(reply);
    }

    @POST
    @Path("care-appointments/{appointmentId}/notes")
    @RolesAllowed({Caller.CLINIC, Caller.ADMIN})
    @Operation(operationId = "recordConsultationNote", summary = "The doctor records notes and, optionally, an ICD-10 coded diagnosis")
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Note.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such appointment at the caller's clinic")
    public Response note(@PathParam("appointmentId") @Size(max = 64) String appointmentId, @Valid @NotNull NewNote body) {
        CareAppointment appointment = managed(appointmentId);
        if (body.icd10Code() != null && (body.icd10Display() == null || body.icd10Display().isBlank())) {
            throw new InvalidInput("icd10Display", "must say what the code means");
        }
        Note note = appointments.addNote(appointment.appointmentId(), body.text(), body.icd10Code(),
                body.icd10Code() == null ? null : body.icd10Display().strip(), caller.name());
        return Response.created(URI.create("/care-appointments/" + appointmentId)).entity(note).build();
    }

    /** The local provider's checkout page: what is paid, for what, and how it stands. */
    public record LocalCheckout(String reference, String status, long amountMinor, String currency, String failure,
            AppointmentView appointment) {
    }

    /** What the local checkout page reports: the test card's payment method, or that the person gave up. */
    public record CheckoutReport(@Size(max = 100) @Schema(description = "A test payment method: pm_card_visa pays, "
            + "pm_card_chargeDeclined and pm_card_chargeDeclinedInsufficientFunds are declined") String paymentMethod,
            @Schema(description = "The person chose not to pay: the appointment is cancelled") boolean cancelled) {
        @jakarta.validation.constraints.AssertTrue(message = "must be given unless the payment is cancelled")
        public boolean isPaymentMethod() {
            return cancelled || paymentMethod != null && !paymentMethod.isBlank();
        }
    }

    @GET
    @Path("payments/local/checkouts/{reference}")
    @RolesAllowed(Caller.PERSON)
    @Operation(operationId = "getLocalCheckout", summary = "The local provider's checkout page: the fee and the appointment it pays")
    @APIResponse(responseCode = "200", description = "The checkout", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LocalCheckout.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such checkout in the household (or payments are not local)")
    public LocalCheckout localCheckout(@PathParam("reference") @Size(max = 64) String reference) {
        return localCheckoutView(ownCheckout(reference));
    }

    @POST
    @Path("payments/local/checkouts/{reference}")
    @RolesAllowed(Caller.PERSON)
    @Operation(operationId = "completeLocalCheckout", summary = "The local checkout page reports the payment (as Stripe's webhook "
            + "would): paid, declined (the seat is given back) or given up (cancelled)")
    @APIResponse(responseCode = "200", description = "Decided", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LocalCheckout.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such checkout in the household (or payments are not local)")
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT, description = "Decided already (paid, declined or expired)")
    public LocalCheckout completeLocalCheckout(@PathParam("reference") @Size(max = 64) String reference,
            @Valid @NotNull CheckoutReport body) {
        Payments.Payment charge = ownCheckout(reference);
        PaymentProvider.Outcome outcome = body.cancelled() ? PaymentProvider.Outcome.failed(reference, "checkout_cancelled")
                : LocalPaymentProvider.decide(body.paymentMethod().strip(), reference);
        // Only a pending charge moves, so the page and the expiry cannot both decide.
        if (payments.reported(reference, outcome.succeeded() ? Payments.SUCCEEDED : Payments.FAILED, outcome.failure()).isEmpty()) {
            String status = payments.chargeByReference(reference).map(Payments.Payment::status).orElse(charge.status());
            throw new StateConflict("This payment is decided already: " + status);
        }
        if (!outcome.succeeded()) {
            giveBack(appointments.find(charge.appointmentId()).orElseThrow(), "checkout-" + reference);
        }
        return localCheckoutView(payments.chargeByReference(reference).orElseThrow());
    }

    private Payments.Payment ownCheckout(String reference) {
        return payments.chargeByReference(reference)
                .filter(p -> "local".equals(p.provider()) && "local".equals(paymentSettings.provider()))
                .filter(p -> appointments.find(p.appointmentId()).filter(a -> a.householdId().equals(caller.household())).isPresent())
                .orElseThrow(() -> new NotFoundException("No checkout " + reference + " in your household"));
    }

    private LocalCheckout localCheckoutView(Payments.Payment charge) {
        return new LocalCheckout(charge.reference(), charge.status(), charge.amountMinor(), charge.currency(), charge.failure(),
                view(appointments.find(charge.appointmentId()).orElseThrow(), null));
    }

    static final String PAYMENT_FAILED = "PAYMENT_FAILED";

    /**
     * Takes the fee of a seat just won. When it cannot be taken the seat is given back through booking-api's
     * ordinary cancellation, so scheduler-stream frees it as any other, and the appointment is marked as such.
     */
    private void pay(CareAppointment appointment, AppointmentType type, String paymentMethod, String key) {
        Payments.Payment payment = payments.charge(appointment.appointmentId(), type.feeMinor(), type.currency(), paymentMethod,
                type.name() + " with doctor " + appointment.doctorId());
        // A charge still processing keeps the seat: the provider's webhook decides (UnpaidBookings gives it back then).
        if (Payments.FAILED.equals(payment.status())) {
            giveBack(appointment, key);
        }
    }

    /**
     * Opens the provider's checkout page for the fee of a seat just won. The seat is held while the page takes
     * payment; the provider's report (webhook, or the local page's) or the page's expiry decides. When no page can be
     * opened the seat is given back at once.
     */
    private void openCheckout(CareAppointment appointment, AppointmentType type, String returnUrl, String key) {
        Payments.Payment payment = payments.checkout(appointment.appointmentId(), type.feeMinor(), type.currency(),
                type.name() + " with doctor " + appointment.doctorId(), returnUrl,
                Instant.now().plus(paymentSettings.checkoutExpiry()));
        if (Payments.FAILED.equals(payment.status())) {
            giveBack(appointment, key);
        }
    }

    private void giveBack(CareAppointment appointment, String key) {
        BookingApi.Reply cancelled = bookingApi.cancelAsHousehold(caller.bearer(), appointment.appointmentId(),
                key == null ? null : key + ":unpaid", "The fee could not be paid");
        // 409: cancelled already (by the household, the clinic or UnpaidBookings); the seat is free either way.
        if (cancelled.status() != 200 && cancelled.status() != 202 && cancelled.status() != 409) {
            BookingApi.expect(cancelled, 200);
        }
        appointments.changeStatus(appointment.appointmentId(), PAYMENT_FAILED);
    }

    private ProblemException paymentFailed(String appointmentId) {
        String failure = payments.of(appointmentId).stream().filter(p -> "CHARGE".equals(p.kind())).map(Payments.Payment::failure)
                .filter(java.util.Objects::nonNull).findFirst().orElse("payment_failed");
        return new ProblemException(402, "payment-failed", "The fee could not be paid",
                "The payment was refused (" + failure + "); the appointment was cancelled and its time is free again") {
            @Override
            public Problem toProblem() {
                return super.toProblem().with("failure", failure).with("appointmentId", appointmentId);
            }
        };
    }

    /** The household's own, or one of the clinic's for its staff; anyone else is told it does not exist. */
    private CareAppointment readable(String appointmentId) {
        CareAppointment appointment = appointments.find(appointmentId)
                .orElseThrow(() -> new NotFoundException("No appointment " + appointmentId));
        boolean own = caller.isHousehold() ? appointment.householdId().equals(caller.household()) : caller.worksAt(appointment.clinicId());
        if (!own) {
            throw new NotFoundException("No appointment " + appointmentId);
        }
        return appointment;
    }

    private CareAppointment managed(String appointmentId) {
        CareAppointment appointment = appointments.find(appointmentId)
                .filter(a -> caller.worksAt(a.clinicId()))
                .orElseThrow(() -> new NotFoundException("No appointment " + appointmentId + " at your clinic"));
        return appointment;
    }

    /** 409 with the scheduler's reason and the doctor's free slots of that day as they are now. */
    private ProblemException conflict(Doctor doctor, Instant slotStart, JsonNode answer) {
        String reason = answer.path("reason").asText("OTHER");
        LocalDate day = clinicDay(doctor, slotStart, answer);
        // The availability view trails the decision by up to its interval: the slot just refused is not offered.
        List<BookingApi.Slot> free = bookingApi.freeSlots(doctor.clinicId(), day, doctor.service()).stream()
                .filter(slot -> !"SLOT_FULL".equals(reason) || !slotStart.equals(slot.start())).toList();
        return new ProblemException(409, "SLOT_FULL".equals(reason) ? "slot-taken" : "booking-refused", "Not booked",
                answer.path("detail").asText("scheduler-stream refused the booking: " + reason)) {
            @Override
            public Problem toProblem() {
                return super.toProblem().with("reason", reason).with("freeSlots", free);
            }
        };
    }

    /** The day as the clinic counts it: from a slot booking-api listed, else UTC (the clinic's day is within hours of it). */
    private static LocalDate clinicDay(Doctor doctor, Instant slotStart, JsonNode answer) {
        JsonNode listed = answer.path("availability");
        if (listed.isArray() && !listed.isEmpty() && listed.get(0).hasNonNull("localStart")) {
            String zone = ZonedDateTime.parse(listed.get(0).path("localStart").asText()).getZone().getId();
            return slotStart.atZone(ZoneId.of(zone)).toLocalDate();
        }
        return slotStart.atZone(java.time.ZoneOffset.UTC).toLocalDate();
    }

    private static ProblemException passOn(BookingApi.Reply reply) {
        if (reply.status() == 409) {
            return new StateConflict(reply.body().path("detail").asText("Not carried out"));
        }
        if (reply.status() >= 400) {
            BookingApi.expect(reply, 200);
        }
        return new ProblemException(502, "unexpected", "Unexpected answer", "booking-api answered " + reply.status());
    }

    AppointmentView view(CareAppointment a, String confirmationCode) {
        List<Payments.Payment> paid = payments.of(a.appointmentId());
        Doctor doctor = doctors.find(a.doctorId()).orElseThrow();
        AppointmentType type = doctors.type(a.typeId()).orElseThrow();
        return new AppointmentView(a.appointmentId(), a.doctorId(), doctor.name(), a.typeId(), type.name(), type.mode(),
                type.feeMinor(), type.currency(), a.clinicId(), a.personId(), a.slotStart(), a.slotStart().atZone(ZoneId.of(a.timeZone())),
                a.status(), a.videoUrl(),
                confirmationCode, appointments.notes(a.appointmentId()), paid, "BOOKED".equals(a.status())
                        ? paid.stream().map(Payments.Payment::checkoutUrl).filter(java.util.Objects::nonNull).findFirst().orElse(null)
                        : null, type.feeMinor() > 0 ? a.slotStart().minus(java.time.Duration.ofHours(paymentSettings.refundHours())) : null);
    }
}
