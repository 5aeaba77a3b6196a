package io.vaxline.booking.platform.security;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.jwt.build.Jwt;

/**
 * Signs the short-lived tokens booking-api hands out. A person's token names the household (the
 * keyed hash of the phone number, never the number) and its people, which certificate-service
 * checks ownership against; staff tokens name the clinic they work for.
 */
@ApplicationScoped
public class Tokens {

    public static final String PERSON = "person";
    public static final String ADMIN = "admin";
    public static final String CLINIC = "clinic";
    public static final String PEOPLE_CLAIM = "people";
    public static final String CLINIC_CLAIM = "clinicId";

    public record Issued(String token, Instant expiresAt) {
    }

    @Inject
    SecuritySettings settings;

    public Issued person(String householdId, List<String> personIds) {
        Instant expiresAt = Instant.now().plus(settings.personTokenLifetime());
        return new Issued(Jwt.subject(householdId).groups(Set.of(PERSON)).claim(PEOPLE_CLAIM, personIds)
                .expiresAt(expiresAt).sign(), expiresAt);
    }

    public Issued admin() {
        Instant expiresAt = Instant.now().plus(settings.staffTokenLifetime());
        return new Issued(Jwt.subject("admin").groups(Set.of(ADMIN)).expiresAt(expiresAt).sign(), expiresAt);
    }

    public Issued staff(String clinicId, String staffName) {
        Instant expiresAt = Instant.now().plus(settings.staffTokenLifetime());
        return new Issued(Jwt.subject("clinic:" + clinicId + ":" + staffName).groups(Set.of(CLINIC))
                .claim(CLINIC_CLAIM, clinicId).expiresAt(expiresAt).sign(), expiresAt);
    }
}
