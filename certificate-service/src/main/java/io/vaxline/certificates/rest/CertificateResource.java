package io.vaxline.certificates.rest;

import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vaxline.certificates.model.Certificate;

@Path("/certificates")
@Produces(MediaType.APPLICATION_JSON)
public class CertificateResource {

    public record CertificateView(String certificateId, String personId, String vaccinationEventId, int doseNumber,
            int seriesDoses, Instant issuedAt, String status) {
    }

    @GET
    @Path("/{certificateId}")
    @WithSession
    public Uni<CertificateView> get(@PathParam("certificateId") String certificateId) {
        return Certificate.<Certificate>findById(certificateId)
                .onItem().ifNull().failWith(() -> new NotFoundException("No certificate " + certificateId))
                .map(CertificateResource::view);
    }

    static CertificateView view(Certificate c) {
        return new CertificateView(c.certificateId, c.personId, c.vaccinationEventId, c.doseNumber, c.seriesDoses,
                c.issuedAt, c.status.name());
    }
}
