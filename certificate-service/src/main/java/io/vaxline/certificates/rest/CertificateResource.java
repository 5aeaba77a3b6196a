package io.vaxline.certificates.rest;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vaxline.certificates.model.Certificate;
import io.vaxline.certificates.pdf.CertificatePdf;
import io.vaxline.problems.openapi.ContractModel;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A certificate, to its holder: as JSON with the QR content, or as a printable PDF. */
@Path("/certificates")
@Tag(name = "Certificates", description = "A holder's signed EU DCC certificates")
@RolesAllowed({ Owner.PERSON, Owner.ADMIN })
public class CertificateResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    public record CertificateView(String certificateId, String uvci, String personId, String vaccinationEventId,
            int doseNumber, int seriesDoses, Instant issuedAt, Instant expiresAt, String status, String keyId, String qr,
            JsonNode healthCertificate, String replacesCertificateId, String replacedByCertificateId, Instant revokedAt,
            String revocationReason) {
    }

    @Inject
    Owner owner;

    @Inject
    CertificatePdf pdf;

    @GET
    @Path("/{certificateId: " + ID + "}")
    @Operation(operationId = "getCertificate", summary = "A certificate with its QR text and signed payload")
    @APIResponse(responseCode = "200", description = "The certificate")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such certificate, or not the caller's")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<CertificateView> get(@PathParam("certificateId") String certificateId) {
        return Certificate.<Certificate>findById(certificateId).map(c -> view(owner.visible(c, certificateId)));
    }

    @GET
    @Path("/{certificateId: " + ID + "}.pdf")
    @Operation(operationId = "getCertificatePdf", summary = "The certificate as a printable PDF with its QR code")
    @APIResponse(responseCode = "200", description = "The PDF", content = @Content(mediaType = "application/pdf",
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such certificate, or not the caller's")
    @Produces("application/pdf")
    public Uni<Response> pdf(@PathParam("certificateId") String certificateId) {
        // Read in a session on the event loop; render after it closed, on a worker thread.
        return Panache.withSession(() -> Certificate.<Certificate>findById(certificateId))
                .map(c -> owner.visible(c, certificateId))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(c -> Response.ok(pdf.render(c), "application/pdf")
                        .header("Content-Disposition", "inline; filename=\"certificate-" + certificateId + ".pdf\"").build());
    }

    static CertificateView view(Certificate c) {
        JsonNode payload;
        try {
            payload = JSON.readTree(c.payloadJson);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Stored payload of " + c.certificateId + " is not JSON", e);
        }
        return new CertificateView(c.certificateId, c.uvci, c.personId, c.vaccinationEventId, c.doseNumber, c.seriesDoses,
                c.issuedAt, c.expiresAt, c.status.name(), c.keyId, c.qr, payload, c.replacesCertificateId,
                c.replacedByCertificateId, c.revokedAt, c.revocationReason);
    }
}
