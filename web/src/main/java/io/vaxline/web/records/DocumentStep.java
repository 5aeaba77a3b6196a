package io.vaxline.web.records;

/**
 * How far a document is, as a person follows it: records' five statuses (uploaded, scanning, extracting, ready,
 * rejected) shown as four steps. Scanning and extracting are one step to the person: the file is being read.
 */
public enum DocumentStep {
    RECEIVED(1), EXTRACTING(2), DONE(3), FAILED(3);

    /** The steps a document goes through; a failed one stops at the last. */
    public static final int STEPS = 3;

    private final int number;

    DocumentStep(int number) {
        this.number = number;
    }

    public static DocumentStep of(String status) {
        return switch (status == null ? "" : status) {
            case "scanning", "extracting" -> EXTRACTING;
            case "ready" -> DONE;
            case "rejected" -> FAILED;
            default -> RECEIVED;
        };
    }

    public int number() {
        return number;
    }

    /** Nothing more will happen to it: the page stops asking for its status. */
    public boolean isFinal() {
        return this == DONE || this == FAILED;
    }

    public String key() {
        return name().toLowerCase();
    }
}
