package io.vaxline.web.console;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** records' REST API as a doctor uses it from the clinic console: issuing a prescription (with the doctor's staff token). */
@RegisterRestClient(configKey = "records")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface ConsoleRecords {

    @POST
    @Path("/prescriptions")
    Uni<Response> prescribe(@HeaderParam("Authorization") String bearer, Map<String, Object> prescription);
}
