package io.vaxline.web.records;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Why records did not take an upload, as the page words it (in the person's language, saying what to do). records
 * answers 422 problem JSON naming {@code file} with a title per reason; a request beyond its size limit is cut off
 * with 413 before it is read.
 */
public enum UploadRefusal {
    TOO_LARGE, WRONG_TYPE, VIRUS, EMPTY, NO_FILE, UNAVAILABLE, OTHER;

    public static UploadRefusal of(int status, JsonNode problem) {
        if (status == 413) {
            return TOO_LARGE;
        }
        if (status == 503 || status == 502 || status == 504) {
            return UNAVAILABLE;
        }
        if (status != 422 || problem == null) {
            return OTHER;
        }
        return switch (problem.path("title").asText("")) {
            case "The file is too large" -> TOO_LARGE;
            case "The file type is not accepted" -> WRONG_TYPE;
            case "The file holds a virus" -> VIRUS;
            case "The file is not accepted" -> EMPTY;
            default -> OTHER;
        };
    }

    public String key() {
        return name().toLowerCase();
    }
}
