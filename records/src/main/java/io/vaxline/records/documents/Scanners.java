package io.vaxline.records.documents;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The scanner vaxline.records.documents.scanner names: {@code eicar} (the default), {@code none} (tests of other
 * things, never production), or a class implementing {@link VirusScanner} with a public no-argument constructor.
 */
@ApplicationScoped
public class Scanners {

    @Produces
    @ApplicationScoped
    VirusScanner scanner(@ConfigProperty(name = "vaxline.records.documents.scanner") String scanner) {
        return switch (scanner) {
            case "eicar" -> new EicarScanner();
            case "none" -> content -> Optional.empty();
            default -> {
                try {
                    yield (VirusScanner) Class.forName(scanner, true, Thread.currentThread().getContextClassLoader())
                            .getConstructor().newInstance();
                } catch (ReflectiveOperationException | ClassCastException e) {
                    throw new IllegalStateException("vaxline.records.documents.scanner: " + scanner
                            + " is neither eicar, none, nor a VirusScanner class", e);
                }
            }
        };
    }
}
