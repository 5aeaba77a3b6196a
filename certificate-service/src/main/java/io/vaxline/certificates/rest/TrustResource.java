package io.vaxline.certificates.rest;

import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vaxline.certificates.model.Certificate;
import io.vaxline.certificates.signing.Hc1Codec;
import io.vaxline.certificates.signing.SigningKeys;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What anyone needs to check a certificate offline: the signer certificates with their key ids
 * (the trust-list entries verifier apps load), and the revocation list, which names revoked
 * certificates by the SHA-256 of their UVCI only.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Trust", description = "What a verifier needs to check Vaxline's certificates offline")
public class TrustResource {

    public record PublicKey(String kid, String certificate, String publicKey, String subject, Instant notAfter,
            boolean current) {
    }

    public record Revocation(String uvciSha256, Instant revokedAt) {
    }

    public record RevocationList(Instant generatedAt, String hashType, List<Revocation> entries) {
    }

    @Inject
    SigningKeys keys;

    @GET
    @Path("keys")
    @Operation(operationId = "listSigningKeys", summary = "The document signer certificates, current and still valid")
    @APIResponse(responseCode = "200", description = "Each signing key with its X.509 certificate")
    public List<PublicKey> keys() throws CertificateEncodingException {
        Base64.Encoder base64 = Base64.getEncoder();
        List<PublicKey> list = new java.util.ArrayList<>();
        for (SigningKeys.PublishedKey key : keys.published().values()) {
            list.add(new PublicKey(key.kid(), base64.encodeToString(key.certificate().getEncoded()),
                    base64.encodeToString(key.certificate().getPublicKey().getEncoded()),
                    key.certificate().getSubjectX500Principal().getName(), key.certificate().getNotAfter().toInstant(),
                    key.current()));
        }
        return list;
    }

    @GET
    @Path("revocations")
    @WithSession
    @Operation(operationId = "getRevocationList", summary = "Revoked certificates, as SHA-256 hashes of their UVCIs")
    @APIResponse(responseCode = "200", description = "The revocation list as of generatedAt")
    public Uni<RevocationList> revocations() {
        return Certificate.<Certificate>list("status = ?1 order by revokedAt, certificateId", Certificate.Status.REVOKED)
                .map(revoked -> new RevocationList(Instant.now(), "SHA-256 of the UVCI",
                        revoked.stream().map(c -> new Revocation(Hc1Codec.uvciHash(c.uvci), c.revokedAt)).toList()));
    }
}
