package io.vaxline.web.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class UploadRefusalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode titled(String title) {
        return JSON.createObjectNode().put("title", title).put("status", 422);
    }

    @Test
    void eachOfRecordsRefusalsOfAFileHasItsOwnMessage() {
        assertThat(UploadRefusal.of(422, titled("The file is too large"))).isEqualTo(UploadRefusal.TOO_LARGE);
        assertThat(UploadRefusal.of(422, titled("The file type is not accepted"))).isEqualTo(UploadRefusal.WRONG_TYPE);
        assertThat(UploadRefusal.of(422, titled("The file holds a virus"))).isEqualTo(UploadRefusal.VIRUS);
        assertThat(UploadRefusal.of(422, titled("The file is not accepted"))).isEqualTo(UploadRefusal.EMPTY);
    }

    @Test
    void aRequestCutOffBeforeItWasReadIsTooLarge() {
        assertThat(UploadRefusal.of(413, null)).isEqualTo(UploadRefusal.TOO_LARGE);
    }

    @Test
    void anOutageIsNotThePersonsFaultAndAnythingElseIsOther() {
        assertThat(UploadRefusal.of(503, titled("Try again shortly"))).isEqualTo(UploadRefusal.UNAVAILABLE);
        assertThat(UploadRefusal.of(422, titled("The request is not valid"))).isEqualTo(UploadRefusal.OTHER);
        assertThat(UploadRefusal.of(500, null)).isEqualTo(UploadRefusal.OTHER);
    }
}
