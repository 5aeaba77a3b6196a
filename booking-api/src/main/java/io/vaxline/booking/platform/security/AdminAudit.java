package io.vaxline.booking.platform.security;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.SecurityContext;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.EventPublisher;
import io.vaxline.events.AdminActionPerformed;
import io.vertx.core.http.HttpServerRequest;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every administrator's login and every request of theirs that may change something (anything but
 * GET, HEAD and OPTIONS) is recorded on {@code admin-audit}, naming them, before the answer goes
 * out: if the record cannot be written, neither is the answer (an outage is waited out like any other).
 */
public class AdminAudit {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    EventPublisher publisher;

    @ServerResponseFilter
    public Uni<Void> audit(ContainerRequestContext request, ContainerResponseContext response, HttpServerRequest http) {
        SecurityContext security = request.getSecurityContext();
        if (READS.contains(request.getMethod()) || security == null || security.getUserPrincipal() == null
                || !security.isUserInRole(Tokens.ADMIN)) {
            return Uni.createFrom().voidItem();
        }
        return record(nameOf(security.getUserPrincipal().getName()),
                request.getMethod() + " " + request.getUriInfo().getPath(), response.getStatus(),
                http.remoteAddress() == null ? null : http.remoteAddress().hostAddress());
    }

    Uni<Void> loggedIn(String administrator, String address) {
        return record(administrator, "login", 200, address);
    }

    private Uni<Void> record(String administrator, String action, int status, String address) {
        return publisher.adminAction(administrator, AdminActionPerformed.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setAdministrator(administrator)
                .setAction(action).setStatus(status).setAddress(address).build());
    }

    /** The administrator's name from the token's subject ({@code admin:<name>}). */
    private static String nameOf(String subject) {
        return subject.startsWith(Tokens.ADMIN_SUBJECT) ? subject.substring(Tokens.ADMIN_SUBJECT.length()) : subject;
    }
}
