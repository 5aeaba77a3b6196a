package io.vaxline.records.documents;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The default scanner: it finds the EICAR anti-virus test file (anywhere in the content, as scanners do), which
 * proves the hook is wired end to end. It is not protection; production configures a real scanner.
 */
public class EicarScanner implements VirusScanner {

    private static final byte[] EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
            .getBytes(StandardCharsets.US_ASCII);

    @Override
    public Optional<String> scan(byte[] content) {
        outer:
        for (int i = 0; i + EICAR.length <= content.length; i++) {
            for (int j = 0; j < EICAR.length; j++) {
                if (content[i + j] != EICAR[j]) {
                    continue outer;
                }
            }
            return Optional.of("EICAR-Test-File");
        }
        return Optional.empty();
    }
}
