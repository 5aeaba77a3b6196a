package io.vaxline.certificates.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vaxline.certificates.model.Certificate;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A person's certificates, newest first, revoked ones included (marked so). */
@Path("/people/{personId}/certificates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Owner.PERSON, Owner.ADMIN })
@Tag(name = "Certificates", description = "A holder's signed EU DCC certificates")
public class PersonCertificatesResource {

    @Inject
    Owner owner;

    @GET
    @WithSession
    @Operation(operationId = "listPersonCertificates", summary = "A person's certificates, newest first")
    @APIResponse(responseCode = "200", description = "The person's certificates (none yet: an empty list)")
    public Uni<List<CertificateResource.CertificateView>> list(@PathParam("personId") String personId) {
        owner.require(personId);
        return Certificate.<Certificate>find("personId = ?1 order by issuedAt desc, certificateId", personId).list()
                .map(found -> found.stream().map(CertificateResource::view).toList());
    }
}
