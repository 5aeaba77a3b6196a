package io.vaxline.certificates.rest;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vaxline.certificates.model.Certificate;
import io.vaxline.certificates.signing.Hc1Codec.Verification;
import io.vaxline.certificates.signing.Hc1Codec;
import io.vaxline.problems.InvalidInput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Checks QR content for anyone (a border officer, an event's door): valid, or invalid with the
 * reason (MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED, REVOKED). A valid answer carries what a
 * verifier shows: name, date of birth and the dose.
 */
@Path("/verify")
@Tag(name = "Verification", description = "Checks a certificate's QR code as a border app would")
public class VerifyResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_QR = 8192;

    public record VerifyRequest(String qr) {
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record VerifyResult(boolean valid, String reason, String detail, String kid, Instant issuedAt,
            Instant expiresAt, JsonNode healthCertificate) {
    }

    @Inject
    Hc1Codec codec;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(operationId = "verifyCertificate", summary = "Verify an EU DCC QR code (HC1:…)",
            description = "Checks the signature against Vaxline's keys, the expiry and the revocation list. An invalid "
                    + "certificate is a 200 with valid false and the reason; a request without a QR code is a 422.")
    @APIResponse(responseCode = "200", description = "The verdict, with the certificate's content when it was readable")
    public Uni<VerifyResult> verify(VerifyRequest request) {
        if (request == null || request.qr() == null || request.qr().isBlank()) {
            throw new InvalidInput("qr", "is missing: send {\"qr\": \"HC1:...\"} with the QR code's text");
        }
        if (request.qr().length() > MAX_QR) {
            throw new InvalidInput("qr", "is longer than " + MAX_QR + " characters; no EU DCC QR code is that long");
        }
        Verification checked = codec.verify(request.qr().strip());
        if (!checked.valid()) {
            return Uni.createFrom().item(result(checked));
        }
        String uvci = checked.hcert().get("v").get(0).get("ci").AsString();
        return Certificate.<Certificate>find("uvci", uvci).firstResult().map(issued -> {
            if (issued != null && issued.status == Certificate.Status.REVOKED) {
                return result(checked.revoked("revoked at " + issued.revokedAt + ": " + issued.revocationReason));
            }
            return result(checked);
        });
    }

    private static VerifyResult result(Verification v) {
        JsonNode payload = null;
        if (v.hcert() != null) {
            try {
                payload = JSON.readTree(v.hcert().ToJSONString());
            } catch (java.io.IOException e) {
                payload = null;
            }
        }
        return new VerifyResult(v.valid(), v.reason() == null ? null : v.reason().name(), v.detail(), v.kid(),
                v.issuedAt(), v.expiresAt(), v.valid() || v.reason() == Hc1Codec.Reason.EXPIRED
                        || v.reason() == Hc1Codec.Reason.REVOKED ? payload : null);
    }
}
