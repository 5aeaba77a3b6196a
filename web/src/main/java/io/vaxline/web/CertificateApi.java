package io.vaxline.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** certificate-service's public REST API: a holder's certificates, with the person's own token. */
@RegisterRestClient(configKey = "certificate-service")
public interface CertificateApi {

    @GET
    @Path("/people/{personId}/certificates")
    Uni<Response> ofPerson(@HeaderParam("Authorization") String bearer, @PathParam("personId") String personId);

    @GET
    @Path("/certificates/{certificateId}")
    Uni<Response> certificate(@HeaderParam("Authorization") String bearer, @PathParam("certificateId") String certificateId);

    @GET
    @Path("/certificates/{certificateId}.pdf")
    Uni<Response> pdf(@HeaderParam("Authorization") String bearer, @PathParam("certificateId") String certificateId);
}
