package io.vaxline.schemas;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids derived from what caused them (a name-based UUID of the kind and its sources), so that doing the
 * same work again after a crash, a replay or a repeated upload yields the same ids and consumers can
 * tell it is the same event.
 */
public final class DerivedIds {

    private DerivedIds() {
    }

    /** The id of a {@code kind} of thing made from {@code sources}, e.g. {@code of("certificate", doseEventId)}. */
    public static String of(String kind, Object... sources) {
        StringBuilder name = new StringBuilder(kind);
        for (Object source : sources) {
            name.append(':').append(source);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
