package io.vaxline.certificates.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.ws.rs.ForbiddenException;

import io.vaxline.certificates.model.Certificate;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may see a certificate: the people of the household whose token booking-api signed (its
 * "people" claim), and administrators. Anyone else learns nothing, not even that it exists.
 */
@RequestScoped
public class Owner {

    static final String PERSON = "person";
    static final String ADMIN = "admin";

    @Inject
    JsonWebToken token;

    public void require(String personId) {
        if (token.getGroups().contains(ADMIN)) {
            return;
        }
        boolean listed = token.getClaim("people") instanceof JsonArray people
                && people.getValuesAs(JsonString.class).stream().anyMatch(p -> p.getString().equals(personId));
        if (!token.getGroups().contains(PERSON) || !listed) {
            throw new ForbiddenException("Your token is not for this person: certificates are shown to their holder only.");
        }
    }

    /** Not-found and not-yours answer alike, so ids cannot be probed. */
    public Certificate visible(Certificate certificate, String certificateId) {
        if (certificate == null) {
            throw new jakarta.ws.rs.NotFoundException("No certificate " + certificateId + " for you");
        }
        try {
            require(certificate.personId);
        } catch (ForbiddenException e) {
            throw new jakarta.ws.rs.NotFoundException("No certificate " + certificateId + " for you");
        }
        return certificate;
    }
}
