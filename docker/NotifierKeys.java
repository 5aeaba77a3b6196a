import java.nio.file.Files;
import java.nio.file.Path;

import io.vaxline.schemas.NotifierSeal;

/**
 * docker-compose's one-shot {@code notifier-keys}: makes the notifier's key pair (NotifierSeal: one-time codes and
 * invitation links are sealed to its public keyset) once, as the local stack's ServiceSecrets does, and keeps a pair
 * that exists. Run from the image's build stage, which has a JDK and the services' class path:
 * {@code java -cp '/src/booking-api/target/quarkus-app/lib/main/*' /src/docker/NotifierKeys.java <private> <public>}.
 */
class NotifierKeys {

    public static void main(String[] args) {
        Path privateKeyset = Path.of(args[0]);
        Path publicKeyset = Path.of(args[1]);
        if (Files.exists(privateKeyset) && Files.exists(publicKeyset)) {
            System.out.println("The notifier's key pair is there: " + privateKeyset + ", " + publicKeyset);
            return;
        }
        NotifierSeal.createKeysets(privateKeyset, publicKeyset);
        System.out.println("Made the notifier's key pair: " + privateKeyset + ", " + publicKeyset);
    }
}
