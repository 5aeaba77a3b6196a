package io.vaxline.web.admin;

import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** Small formatting helpers for the administration templates. */
@TemplateExtension
public final class AdminExtensions {

    private AdminExtensions() {
    }

    /** 1.234 → "1.2". */
    static String oneDecimal(Number number) {
        return number == null ? "" : String.format(Locale.ROOT, "%.1f", number.doubleValue());
    }

    /** A byte count as people read it: "512 B", "12.3 kB", "4.5 MB". */
    static String bytes(Number number) {
        long n = number == null ? 0 : number.longValue();
        if (n < 1000) {
            return n + " B";
        }
        return n < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", n / 1e3) : String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }

    /** A list as "a, b, c", or "–" when empty. */
    static String joined(java.util.Collection<?> items) {
        return items == null || items.isEmpty() ? "–" : String.join(", ", items.stream().map(String::valueOf).toList());
    }

    /** An amount of money with two decimals: 0.1 → "0.10". */
    static String money(Number number) {
        return number == null ? "" : String.format(Locale.ROOT, "%.2f", number.doubleValue());
    }

    /** An instant as booking-api writes it (2026-11-29T05:13:34.88Z) as "2026-11-29 05:13 UTC"; anything else as it is. */
    static String utc(String instant) {
        try {
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC)
                    .format(java.time.Instant.parse(instant));
        } catch (RuntimeException e) {
            return instant;
        }
    }
}
