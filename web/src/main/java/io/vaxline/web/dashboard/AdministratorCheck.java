package io.vaxline.web.dashboard;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/**
 * booking-api asked whether a staff token is an administrator's: only administrators may list the
 * priority occupations, so 200 means yes. The token is checked where it was issued, not here.
 */
@RegisterRestClient(configKey = "booking-api")
@Produces(MediaType.APPLICATION_JSON)
public interface AdministratorCheck {

    @GET
    @Path("/admin/priority-occupations")
    Uni<Response> priorityOccupations(@HeaderParam("Authorization") String bearer);
}
