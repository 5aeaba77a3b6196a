package io.vaxline.records.documents;

import java.util.Optional;

/**
 * The hook a virus scanner plugs into (a ClamAV daemon, a cloud scanning service): it says what it found, or nothing.
 * Which one runs is chosen by vaxline.records.documents.scanner; the default recognises the EICAR test file only.
 */
public interface VirusScanner {

    /** The name of what was found in {@code content}, empty when it is clean. */
    Optional<String> scan(byte[] content);
}
