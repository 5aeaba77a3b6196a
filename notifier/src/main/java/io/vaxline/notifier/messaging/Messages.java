package io.vaxline.notifier.messaging;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;

/**
 * The texts, from Qute templates under {@code templates/sms/<language>/<kind>.txt}, in the person's
 * language where there is a translation and in English otherwise. Times are printed in the clinic's
 * own zone, with its abbreviation and name, in the person's language.
 */
@ApplicationScoped
public class Messages {

    public static final String FALLBACK_LANGUAGE = "en";
    /** Languages with a full set of templates. */
    public static final Set<String> LANGUAGES = Set.of("en", "sv", "es");

    @Inject
    Engine engine;

    public String render(String kind, String language, Map<String, Object> data) {
        return render("sms", kind, language, data);
    }

    /** An e-mail's text, from {@code templates/email/<language>/<kind>.txt} (English where there is no translation). */
    public String renderEmail(String kind, String language, Map<String, Object> data) {
        return render("email", kind, language, data);
    }

    private String render(String folder, String kind, String language, Map<String, Object> data) {
        String lang = language(language);
        Template template = engine.getTemplate(folder + "/" + lang + "/" + kind);
        if (template == null) {
            template = engine.getTemplate(folder + "/" + FALLBACK_LANGUAGE + "/" + kind);
        }
        if (template == null) {
            throw new IllegalStateException("no template " + folder + "/" + lang + "/" + kind);
        }
        var instance = template.instance();
        data.forEach(instance::data);
        return instance.render().trim();
    }

    /**
     * "Mon 4 Mar 2030 09:00 (Europe/Stockholm, UTC+01:00)", in the person's language. The offset is
     * printed rather than an abbreviation: the JDK's abbreviations are wrong in some languages
     * (New York in summer comes out as "EST" in Swedish).
     */
    public String when(Instant at, String timeZone, String language) {
        ZonedDateTime local = at.atZone(ZoneId.of(timeZone == null ? "UTC" : timeZone));
        DateTimeFormatter format = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.forLanguageTag(language(language)));
        String offset = local.getOffset().getTotalSeconds() == 0 ? "" : local.getOffset().getId();
        return format.format(local) + " (" + local.getZone().getId() + ", UTC" + offset + ")";
    }

    static String language(String requested) {
        if (requested == null) {
            return FALLBACK_LANGUAGE;
        }
        String lang = Locale.forLanguageTag(requested).getLanguage();
        return LANGUAGES.contains(lang) ? lang : FALLBACK_LANGUAGE;
    }
}
