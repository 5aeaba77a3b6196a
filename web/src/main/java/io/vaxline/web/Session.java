package io.vaxline.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;

/**
 * What a browser carries between pages: the person's token from booking-api in an HttpOnly cookie
 * (script on the page cannot read it; it goes only to this site) and the language they chose.
 */
public final class Session {

    public static final String TOKEN = "vaxline_token";
    /** Clinic staff's or an administrator's token (booking-api's), for the clinic console, administration and the dashboard. */
    public static final String STAFF = "vaxline_staff";
    public static final String LANGUAGE = "vaxline_lang";
    public static final Set<String> LANGUAGES = Set.of("en", "sv", "es");

    private Session() {
    }

    public static Optional<String> bearer(HttpHeaders headers) {
        Cookie cookie = headers.getCookies().get(TOKEN);
        return cookie == null || cookie.getValue().isBlank() ? Optional.empty() : Optional.of("Bearer " + cookie.getValue());
    }

    public static Optional<String> staffBearer(HttpHeaders headers) {
        Cookie cookie = headers.getCookies().get(STAFF);
        return cookie == null || cookie.getValue().isBlank() ? Optional.empty() : Optional.of("Bearer " + cookie.getValue());
    }

    public static NewCookie token(String token, Instant expiresAt, boolean secure) {
        return cookie(TOKEN, token, expiresAt, secure);
    }

    public static NewCookie staff(String token, Instant expiresAt, boolean secure) {
        return cookie(STAFF, token, expiresAt, secure);
    }

    public static NewCookie loggedOut(boolean secure) {
        return cookie(TOKEN, "", Instant.now(), secure);
    }

    public static NewCookie staffLoggedOut(boolean secure) {
        return cookie(STAFF, "", Instant.now(), secure);
    }

    private static NewCookie cookie(String name, String token, Instant expiresAt, boolean secure) {
        long seconds = Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds());
        return new NewCookie.Builder(name).value(token).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.LAX).maxAge((int) Math.min(seconds, Integer.MAX_VALUE)).build();
    }

    public static NewCookie language(String language) {
        return new NewCookie.Builder(LANGUAGE).value(language).path("/").sameSite(NewCookie.SameSite.LAX)
                .maxAge(365 * 24 * 3600).build();
    }

    /** The language asked for now, or chosen before, or the browser's, or English. */
    public static Locale locale(String asked, HttpHeaders headers) {
        if (asked != null && LANGUAGES.contains(asked)) {
            return Locale.forLanguageTag(asked);
        }
        Cookie chosen = headers.getCookies().get(LANGUAGE);
        if (chosen != null && LANGUAGES.contains(chosen.getValue())) {
            return Locale.forLanguageTag(chosen.getValue());
        }
        return headers.getAcceptableLanguages().stream().map(Locale::getLanguage).filter(LANGUAGES::contains)
                .findFirst().map(Locale::forLanguageTag).orElse(Locale.ENGLISH);
    }
}
