package io.vaxline.care.appointments;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Meeting rooms nobody can guess: the name is 128 random bits from SecureRandom, URL-safe Base64
 * without padding (22 characters), after the provider's base URL. Anyone with the link may join,
 * as with any Jitsi room, so the link is given only to the household and the clinic.
 */
public final class VideoRooms {

    public static final int ROOM_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private VideoRooms() {
    }

    public static String roomName() {
        byte[] bytes = new byte[ROOM_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String link(String baseUrl) {
        return (baseUrl.endsWith("/") ? baseUrl : baseUrl + "/") + roomName();
    }
}
