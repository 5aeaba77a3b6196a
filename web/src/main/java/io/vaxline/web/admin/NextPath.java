package io.vaxline.web.admin;

/**
 * Where to go after logging in: only a path of this site ("/dashboard", "/clinic/x?d=1"), never
 * another site ("//evil.example", "https://…", "/\evil"), so a link cannot send an administrator
 * elsewhere with their fresh session.
 */
public final class NextPath {

    public static final String HOME = "/admin";

    private NextPath() {
    }

    public static String safe(String next) {
        if (next == null || next.isBlank() || next.length() > 500) {
            return HOME;
        }
        if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
            return HOME;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return HOME;
            }
        }
        return next;
    }
}
