package io.vaxline.booking.clinics;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.EventPublisher;
import io.vaxline.booking.platform.security.Tokens;
import io.vaxline.events.ServiceDefined;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The programme's services and their dose series: administrators define them (ServiceDefined on the
 * services topic, which scheduler-stream enforces); anyone may read them.
 */
@Path("/services")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Services", description = "The programme's services and their dose series")
public class ServiceAdminResource {

    /**
     * The recommended interval is not shorter than the minimum. A check of the whole record, reported on the field
     * {@code recommendedIntervalDays} (the one an administrator changes), so the page shows it next to that field.
     */
    @jakarta.validation.Constraint(validatedBy = RecommendedNotBelowMinimum.Check.class)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    public @interface RecommendedNotBelowMinimum {
        String message() default "recommendedIntervalDays must not be shorter than minIntervalDays";

        Class<?>[] groups() default {};

        Class<? extends jakarta.validation.Payload>[] payload() default {};

        class Check implements jakarta.validation.ConstraintValidator<RecommendedNotBelowMinimum, SeriesDefinition> {
            @Override
            public boolean isValid(SeriesDefinition series, jakarta.validation.ConstraintValidatorContext context) {
                if (series == null || series.recommendedIntervalDays() == null || series.minIntervalDays() == null
                        || series.recommendedIntervalDays() >= series.minIntervalDays()) {
                    return true;
                }
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                        .addPropertyNode("recommendedIntervalDays").addConstraintViolation();
                return false;
            }
        }
    }

    /** A series as an administrator defines it. */
    @RecommendedNotBelowMinimum
    public record SeriesDefinition(
            @NotNull @Min(value = 1, message = "must be at least 1") @Max(value = 10, message = "must be at most 10") Integer doses,
            @Min(value = 0, message = "must not be negative") @Max(value = 730, message = "must be at most 730 days") Integer minIntervalDays,
            @Min(value = 0, message = "must not be negative") @Max(value = 730, message = "must be at most 730 days") Integer recommendedIntervalDays,
            @Pattern(regexp = "\\d{6,18}", message = "must be a SNOMED CT code (6 to 18 digits), e.g. 840539006")
            @Schema(description = "SNOMED CT code of the disease; ties doses reported without an appointment to the service") String targetDisease) {
    }

    @Inject
    ServiceCatalogue catalogue;

    @Inject
    EventPublisher publisher;

    @GET
    @NonBlocking
    @Operation(operationId = "listServices", summary = "The services the programme has defined, with their dose series "
            + "(a service not listed is one dose)")
    public List<ServiceCatalogue.Series> list() {
        return catalogue.all();
    }

    @PUT
    @Path("/{service}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Tokens.ADMIN)
    @Operation(operationId = "defineService", summary = "Define a service's dose series (published as ServiceDefined); "
            + "bookings decided afterwards follow it")
    @APIResponse(responseCode = "200", description = "Defined")
    public Uni<ServiceCatalogue.Series> define(
            @PathParam("service") @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String service,
            @Valid @NotNull SeriesDefinition body) {
        int min = body.minIntervalDays() == null ? 0 : body.minIntervalDays();
        int recommended = body.recommendedIntervalDays() == null ? min : body.recommendedIntervalDays();
        ServiceDefined event = ServiceDefined.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setService(service).setDoses(body.doses()).setMinIntervalDays(min).setRecommendedIntervalDays(recommended)
                .setTargetDisease(body.targetDisease()).build();
        return publisher.service(service, event)
                .replaceWith(new ServiceCatalogue.Series(service, body.doses(), min, recommended, body.targetDisease()));
    }
}
