package io.vaxline.problems;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

class ProblemExceptionTest {

    @Test
    void invalidInputIsA422NamingTheField() {
        Problem problem = new InvalidInput("criteria.minAge", "must be from 0 to 130").toProblem();

        assertThat(problem.status).isEqualTo(422);
        assertThat(problem.type).hasToString("https://vaxline.io/problems/invalid-request");
        assertThat(problem.title).isEqualTo("The request is not valid");
        assertThat(problem.errors).containsExactly(new Problem.FieldError("criteria.minAge", "must be from 0 to 130"));
        assertThat(problem.detail).isEqualTo("criteria.minAge: must be from 0 to 130");
    }

    @Test
    void aConflictCarriesItsOwnTypeAndTitle() {
        Problem problem = new StateConflict("household-full", "The household is full", "at most 4 people").toProblem();

        assertThat(problem.status).isEqualTo(409);
        assertThat(problem.type).hasToString("https://vaxline.io/problems/household-full");
        assertThat(problem.title).isEqualTo("The household is full");
        assertThat(problem.detail).isEqualTo("at most 4 people");
        assertThat(problem.errors).isNull();
    }

    @Test
    void tooManyRequestsSaysWhenToComeBackInWholeSecondsRoundedUp() {
        Response response = new TooManyRequests("Too many codes", Duration.ofMillis(1500)).toResponse();

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
        assertThat(response.getMediaType()).hasToString(Problem.MEDIA_TYPE);
    }

    @Test
    void severalFieldErrorsAreCountedInTheDetail() {
        Problem problem = Problem.invalid(422, "The request is not valid",
                List.of(new Problem.FieldError("a", "x"), new Problem.FieldError("b", "y")));

        assertThat(problem.detail).isEqualTo("2 fields are invalid");
        assertThat(problem.extensions()).isEmpty();
    }
}
