package io.vaxline.scheduler.topology;

import org.apache.avro.specific.SpecificRecord;

/** An input record after decoding: the Avro value, or the reason it could not be decoded (with its raw bytes). */
record Decoded(byte[] raw, SpecificRecord value, String failure) {

    static Decoded ok(byte[] raw, SpecificRecord value) {
        return new Decoded(raw, value, null);
    }

    static Decoded failed(byte[] raw, String failure) {
        return new Decoded(raw, null, failure);
    }

    boolean isFailure() {
        return failure != null;
    }
}
