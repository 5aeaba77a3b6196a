package io.vaxline.web.admin;

import io.vaxline.web.Pages;

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
        return Pages.local(next).orElse(HOME);
    }
}
