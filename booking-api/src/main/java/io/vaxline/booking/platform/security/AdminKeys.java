package io.vaxline.booking.platform.security;

import java.util.LinkedHashMap;
import java.util.Map;

/** The administrators' keys by name, from {@code ADMIN_API_KEYS} ({@code name=key,...}) and {@code ADMIN_API_KEY} ("admin"). */
final class AdminKeys {

    private AdminKeys() {
    }

    static Map<String, String> of(SecuritySettings settings) {
        Map<String, String> keys = new LinkedHashMap<>();
        settings.adminApiKey().filter(k -> !k.isBlank()).ifPresent(k -> keys.put("admin", k));
        for (String entry : settings.adminApiKeys().orElse("").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            String key = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (!name.matches("[A-Za-z0-9._-]{1,64}") || key.length() < 16) {
                throw new IllegalStateException("ADMIN_API_KEYS must be name=key pairs separated by commas, each name of "
                        + "letters, digits, '.', '_' or '-' and each key at least 16 characters; '"
                        + (eq < 0 ? entry : name + "=...") + "' is not");
            }
            if (keys.containsValue(key)) {
                throw new IllegalStateException("ADMIN_API_KEYS gives the key of " + name + " to another administrator too; "
                        + "each administrator needs a key of their own");
            }
            keys.put(name, key);
        }
        return keys;
    }

    /** The name whose key is {@code given}, or null; every key is compared, each in constant time. */
    static String owner(Map<String, String> keys, String given) {
        String name = null;
        byte[] typed = given.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (Map.Entry<String, String> key : keys.entrySet()) {
            if (java.security.MessageDigest.isEqual(key.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8), typed)) {
                name = key.getKey();
            }
        }
        return name;
    }
}
