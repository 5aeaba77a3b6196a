package io.vaxline.records.security;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the tokens booking-api signs (records issues none of its own):
 * <ul>
 * <li>a doctor is a member of a clinic's staff: group {@code clinic}, subject {@code clinic:<clinicId>:<name>};
 * the name after the clinic is the doctor's id, unique within the clinic;</li>
 * <li>a household: group {@code person}, its people in the {@code people} claim;</li>
 * <li>an administrator: group {@code admin}.</li>
 * </ul>
 * Pharmacies do not hold tokens: they send their pharmacy key ({@link PharmacyKeyMechanism}).
 */
@RequestScoped
public class Caller {

    public static final String PERSON = "person";
    public static final String CLINIC = "clinic";
    public static final String ADMIN = "admin";
    public static final String PHARMACY = "pharmacy";

    /** A doctor: the clinic that issued the staff token and the staff name it names. */
    public record Doctor(String clinicId, String doctorId) {
    }

    @Inject
    JsonWebToken token;

    @Inject
    SecurityContext security;

    public Doctor doctor() {
        String subject = token.getSubject();
        Object clinic = token.getClaim("clinicId");
        String clinicId = clinic instanceof JsonString s ? s.getString() : clinic == null ? null : clinic.toString();
        String prefix = "clinic:" + clinicId + ":";
        if (!token.getGroups().contains(CLINIC) || clinicId == null || subject == null || !subject.startsWith(prefix)
                || subject.length() == prefix.length()) {
            throw new ForbiddenException("Only a clinic's staff (a doctor) may do this.");
        }
        return new Doctor(clinicId, subject.substring(prefix.length()));
    }

    public List<String> people() {
        if (token.getGroups().contains(PERSON) && token.getClaim("people") instanceof JsonArray people) {
            return people.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
        return List.of();
    }

    /** The household's own person, or an administrator; anyone else is refused. */
    public void requirePerson(String personId) {
        if (token.getGroups().contains(ADMIN)) {
            return;
        }
        if (!people().contains(personId)) {
            throw new ForbiddenException("Your token is not for this person: a person's records are shown to their household only.");
        }
    }

    /** The pharmacy whose key authenticated this request. */
    public String pharmacy() {
        if (!security.isUserInRole(PHARMACY)) {
            throw new ForbiddenException("Only a pharmacy (with its pharmacy key) may do this.");
        }
        return security.getUserPrincipal().getName();
    }
}
