package io.vaxline.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class AnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aProblemsFieldsAreFoundByTheFormsNames() throws Exception {
        Answer answer = Answer.of(422, JSON.readTree("""
                {"type":"https://vaxline.io/problems/invalid-request","title":"Invalid request","status":422,
                 "detail":"2 fields are invalid","errors":[{"field":"latitude","message":"must be less than or equal to 90"},
                 {"field":"services[0]","message":"must not be blank"},{"field":"criteria.minAge","message":"must be from 0 to 130"}]}"""));
        assertThat(answer.ok()).isFalse();
        assertThat(answer.title()).isEqualTo("Invalid request");
        assertThat(answer.field("latitude")).isEqualTo("must be less than or equal to 90");
        assertThat(answer.field("services")).isEqualTo("must not be blank");
        assertThat(answer.field("minAge")).isEqualTo("must be from 0 to 130");
        assertThat(answer.invalid("name")).isFalse();
        assertThat(answer.errors()).hasSize(3);
    }

    @Test
    void aSuccessIsReadAsMapsAndLists() throws Exception {
        Answer answer = Answer.of(200, JSON.readTree("{\"people\":3,\"cost\":{\"total\":1.5}}"));
        assertThat(answer.ok()).isTrue();
        assertThat(answer.data()).isEqualTo(Map.of("people", 3, "cost", Map.of("total", 1.5)));
        assertThat(Answer.of(200, JSON.readTree("[]")).data()).isEqualTo(List.of());
    }

    @Test
    void aProblemWithoutBodyStillHasATitle() {
        assertThat(Answer.of(502, null).title()).isEqualTo("HTTP 502");
    }
}
