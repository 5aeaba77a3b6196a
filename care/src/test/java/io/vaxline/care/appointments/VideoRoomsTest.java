package io.vaxline.care.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class VideoRoomsTest {

    @Test
    void aRoomNameIs128RandomBitsInUrlSafeCharacters() {
        String room = VideoRooms.roomName();

        assertThat(room).matches("[A-Za-z0-9_-]{22}");
        assertThat(Base64.getUrlDecoder().decode(room)).hasSize(16);
    }

    @Test
    void roomsDoNotRepeat() {
        Set<String> rooms = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            rooms.add(VideoRooms.roomName());
        }
        assertThat(rooms).hasSize(10_000);
    }

    @Test
    void theLinkIsTheProvidersBaseUrlFollowedByTheRoom() {
        assertThat(VideoRooms.link("https://meet.jit.si/")).matches("https://meet\\.jit\\.si/[A-Za-z0-9_-]{22}");
        assertThat(VideoRooms.link("https://video.example.org/rooms")).matches("https://video\\.example\\.org/rooms/[A-Za-z0-9_-]{22}");
    }
}
