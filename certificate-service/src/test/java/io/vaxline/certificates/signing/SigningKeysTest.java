package io.vaxline.certificates.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vaxline.certificates.CertificateSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A missing keystore is never quietly replaced by a new signing key in production: the service
 * refuses to start and says what to do, unless making one is asked for explicitly (a local stack's
 * first start); a keystore that is there is loaded. No Quarkus here: the decision and the profiles'
 * defaults as application.properties gives them.
 */
class SigningKeysTest {

    @TempDir
    Path folder;

    @Test
    void productionDoesNotMakeAKeystoreUnlessAskedWhileDevAndTestsDo() throws Exception {
        assertThat(createKeystore("prod")).isFalse();
        // The replay profile must sign with the live service's key, never a new one.
        assertThat(createKeystore("replay")).isFalse();
        assertThat(createKeystore("dev")).isTrue();
        assertThat(createKeystore("test")).isTrue();
    }

    @Test
    void aMissingKeystoreWithoutTheCreateFlagIsRefusedWithWhatToDo() {
        Path keystore = folder.resolve("keys/signing-key.p12");

        assertThatThrownBy(() -> keys(keystore, false).load()).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No signing keystore at " + keystore.toAbsolutePath())
                .hasMessageContaining("Set CERTIFICATE_KEYSTORE (vaxline.certificates.keystore) to the PKCS#12 keystore")
                .hasMessageContaining("or set CERTIFICATE_CREATE_KEYSTORE=true (vaxline.certificates.create-keystore) "
                        + "to make a new self-signed signing key there");
        assertThat(keystore).doesNotExist();
    }

    @Test
    void aMissingKeystoreWithTheCreateFlagIsMadeAndAKeystoreThatIsThereIsLoaded() throws Exception {
        Path keystore = folder.resolve("keys/signing-key.p12");

        SigningKeys created = keys(keystore, true);
        created.load();
        assertThat(keystore).exists();
        assertThat(Files.getPosixFilePermissions(keystore)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(created.privateKey()).isNotNull();
        assertThat(created.published()).hasSize(1);

        // Present: loaded as it is, with or without the flag; nothing new is made.
        byte[] before = Files.readAllBytes(keystore);
        SigningKeys loaded = keys(keystore, false);
        loaded.load();
        assertThat(loaded.kid()).isEqualTo(created.kid());
        assertThat(loaded.privateKey()).isEqualTo(created.privateKey());
        SigningKeys loadedWithFlag = keys(keystore, true);
        loadedWithFlag.load();
        assertThat(loadedWithFlag.kid()).isEqualTo(created.kid());
        assertThat(Files.readAllBytes(keystore)).isEqualTo(before);
    }

    private static boolean createKeystore(String profile) throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile(profile)
                .withSources(new PropertiesConfigSource(SigningKeysTest.class.getResource("/application.properties")))
                .build();
        return config.getValue("vaxline.certificates.create-keystore", Boolean.class);
    }

    private static SigningKeys keys(Path keystore, boolean create) {
        SigningKeys keys = new SigningKeys();
        keys.settings = new Settings(keystore, create);
        return keys;
    }

    private record Settings(Path keystore, boolean createKeystore) implements CertificateSettings {

        @Override
        public String keystorePassword() {
            return "test-password";
        }

        @Override
        public String keyAlias() {
            return "dsc";
        }

        @Override
        public String issuerCountry() {
            return "SE";
        }

        @Override
        public String issuerName() {
            return "Vaxline test";
        }

        @Override
        public Duration validity() {
            return Duration.ofDays(365);
        }

        @Override
        public Duration maxClockSkew() {
            return Duration.ofMinutes(5);
        }

        @Override
        public LocalDate programmeStart() {
            return LocalDate.of(2020, 12, 1);
        }

        @Override
        public HolderWait holderWait() {
            return null;
        }
    }
}
