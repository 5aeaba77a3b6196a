package io.vaxline.problems;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

/**
 * Dates and instants in a query, path or header parameter: one that cannot be read is a 422 naming the parameter and
 * the form it must take. JAX-RS would answer 404 for a query or path parameter it cannot convert (as if the resource
 * did not exist), which tells the caller nothing about {@code date=tomorrow}.
 */
@Provider
public class TimeParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType == LocalDate.class) {
            return (ParamConverter<T>) new Converter<>(name(annotations), LocalDate::parse, LocalDate::toString,
                    "must be a date as YYYY-MM-DD, e.g. 2026-12-01");
        }
        if (rawType == Instant.class) {
            return (ParamConverter<T>) new Converter<>(name(annotations), Instant::parse, Instant::toString,
                    "must be an instant in UTC as YYYY-MM-DDTHH:MM:SSZ, e.g. 2026-12-01T09:30:00Z");
        }
        return null;
    }

    private static String name(Annotation[] annotations) {
        for (Annotation annotation : annotations == null ? new Annotation[0] : annotations) {
            if (annotation instanceof QueryParam query) {
                return query.value();
            } else if (annotation instanceof PathParam path) {
                return path.value();
            } else if (annotation instanceof HeaderParam header) {
                return header.value();
            } else if (annotation instanceof FormParam form) {
                return form.value();
            } else if (annotation instanceof CookieParam cookie) {
                return cookie.value();
            }
        }
        return "parameter";
    }

    private record Converter<T>(String name, Function<String, T> parse, Function<T, String> format, String form)
            implements ParamConverter<T> {

        @Override
        public T fromString(String value) {
            if (value == null) {
                return null;
            }
            try {
                return parse.apply(value.strip());
            } catch (DateTimeParseException e) {
                // Thrown as a WebApplicationException so that JAX-RS passes its answer on instead of a 404.
                InvalidInput invalid = new InvalidInput(name, form + " (was \"" + value + "\")");
                throw new WebApplicationException(invalid.getMessage(), invalid.toResponse());
            }
        }

        @Override
        public String toString(T value) {
            return value == null ? null : format.apply(value);
        }
    }
}
