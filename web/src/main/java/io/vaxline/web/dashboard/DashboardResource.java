package io.vaxline.web.dashboard;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.Template;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vaxline.web.Session;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The programme dashboard for administrators: the page, and its figures as server-sent events. Both
 * need the staff cookie holding an administrator's token (asked of booking-api); without one the
 * browser goes to the administrators' login page and comes back here.
 */
@Path("/dashboard")
public class DashboardResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final URI LOGIN = URI.create("/admin/login?next=/dashboard");

    @Inject
    @RestClient
    AdministratorCheck administrators;

    @Inject
    DashboardFeed feed;

    @Inject
    Template dashboard;

    @Context
    HttpHeaders headers;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> page(@QueryParam("lang") String lang) {
        Locale locale = Session.locale(lang, headers);
        Optional<String> bearer = Session.staffBearer(headers);
        if (bearer.isEmpty()) {
            return Uni.createFrom().item(toLogin());
        }
        return isAdministrator(bearer.get()).map(admin -> {
            if (!admin) {
                return toLogin();
            }
            DashboardMsg msg = MessageBundles.get(DashboardMsg.class, Localized.Literal.of(locale.getLanguage()));
            DashboardView view = DashboardView.of(feed.latest(), locale, msg);
            Response.ResponseBuilder answer = Response.ok(dashboard.data("v", view).data("lang", locale.getLanguage())
                    .setLocale(locale).render()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header("Cache-Control", "no-store");
            if (lang != null && Session.LANGUAGES.contains(lang)) {
                answer.cookie(Session.language(lang));
            }
            return answer.build();
        }).onFailure().recoverWithItem(DashboardResource::unavailable);
    }

    /**
     * The figures, sent when they change (checked twice a second, computed at most once a second):
     * {@code {"layout": …, "figures": {"bookings-today": 3, …}}}, keyed like the page's
     * {@code data-figure} attributes. A new layout (a day went by, a clinic appeared) tells the page
     * to fetch itself again.
     */
    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Blocking
    public Multi<String> events() {
        String bearer = Session.staffBearer(headers)
                .orElseThrow(() -> new WebApplicationException(Response.status(Response.Status.UNAUTHORIZED).build()));
        boolean admin;
        try {
            admin = isAdministrator(bearer).await().atMost(Duration.ofSeconds(15));
        } catch (RuntimeException e) {
            throw new WebApplicationException(unavailable(e));
        }
        if (!admin) {
            throw new WebApplicationException(Response.status(Response.Status.FORBIDDEN).build());
        }
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(Duration.ofMillis(500))
                .onOverflow().drop()
                .map(tick -> feed.latest())
                .skip().repetitions()
                .map(DashboardResource::message);
    }

    private Uni<Boolean> isAdministrator(String bearer) {
        return administrators.priorityOccupations(bearer)
                .map(answer -> {
                    answer.close();
                    if (answer.getStatus() >= 500) {
                        throw new IllegalStateException("booking-api answered " + answer.getStatus());
                    }
                    return answer.getStatus() == 200;
                });
    }

    /** booking-api could not say who the caller is: neither a login page nor the figures, but "try again". */
    private static Response unavailable(Throwable cause) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "5").header("Cache-Control", "no-store")
                .type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .entity("The dashboard cannot check your login right now; try again in a moment.").build();
    }

    static String message(Figures figures) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("layout", figures.layout());
        message.put("figures", figures.flat());
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response toLogin() {
        return Response.seeOther(LOGIN).header("Cache-Control", "no-store").build();
    }
}
