package io.vaxline.certificates.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vaxline.certificates.model.Certificate;

/** A person's certificates, newest dose first. */
@Path("/people/{personId}/certificates")
@Produces(MediaType.APPLICATION_JSON)
public class PersonCertificatesResource {

    @GET
    @WithSession
    public Uni<List<CertificateResource.CertificateView>> list(@PathParam("personId") String personId) {
        return Certificate.<Certificate>find("personId = ?1 order by issuedAt desc", personId).list()
                .map(found -> found.stream().map(CertificateResource::view).toList());
    }
}
