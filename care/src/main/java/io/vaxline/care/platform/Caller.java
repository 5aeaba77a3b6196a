package io.vaxline.care.platform;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who calls, from booking-api's token: a household (group {@code person}, subject the household,
 * claim {@code people}), one clinic's staff (group {@code clinic}, claim {@code clinicId}) or an
 * administrator. care signs no tokens of its own: the same login reaches it.
 */
@RequestScoped
public class Caller {

    public static final String PERSON = "person";
    public static final String CLINIC = "clinic";
    public static final String ADMIN = "admin";

    @Inject
    JsonWebToken token;

    public boolean isAdmin() {
        return token.getGroups().contains(ADMIN);
    }

    public boolean isHousehold() {
        return token.getGroups().contains(PERSON);
    }

    public String household() {
        if (!isHousehold()) {
            throw new ForbiddenException("This needs a household's token");
        }
        return token.getSubject();
    }

    public List<String> people() {
        Object claim = token.getClaim("people");
        if (claim instanceof java.util.Collection<?> ids) {
            return ids.stream().map(id -> id.toString().replace("\"", "")).toList();
        }
        return List.of();
    }

    public boolean worksAt(String clinicId) {
        if (isAdmin()) {
            return true;
        }
        Object claim = token.getClaim("clinicId");
        return token.getGroups().contains(CLINIC) && claim != null && clinicId.equals(claim.toString().replace("\"", ""));
    }

    public void requireClinic(String clinicId) {
        if (!worksAt(clinicId)) {
            throw new ForbiddenException("Your token is not for clinic " + clinicId);
        }
    }

    /** Who recorded something: the staff token's subject (clinic:&lt;clinic&gt;:&lt;name&gt;) or admin:&lt;name&gt;. */
    public String name() {
        return token.getSubject();
    }

    /** The token as sent, passed on to booking-api, which checks it again for what it is asked to do. */
    public String bearer() {
        return "Bearer " + token.getRawToken();
    }
}
