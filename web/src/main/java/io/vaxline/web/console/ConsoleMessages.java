package io.vaxline.web.console;

import java.util.Locale;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

/** The console's messages in a language, for the words the resource puts on a page itself (refusals, outcomes). */
final class ConsoleMessages {

    private ConsoleMessages() {
    }

    static ConsoleMsg of(Locale locale) {
        String language = locale == null ? "en" : locale.getLanguage();
        return "sv".equals(language) || "es".equals(language)
                ? MessageBundles.get(ConsoleMsg.class, Localized.Literal.of(language))
                : MessageBundles.get(ConsoleMsg.class);
    }

    /** Why a pasted staff token is refused before booking-api is asked. */
    static String refusal(Locale locale, String reason) {
        ConsoleMsg msg = of(locale);
        return switch (reason) {
            case "admin_token" -> msg.admin_token();
            case "token_expired" -> msg.token_expired();
            default -> msg.not_a_token();
        };
    }
}
