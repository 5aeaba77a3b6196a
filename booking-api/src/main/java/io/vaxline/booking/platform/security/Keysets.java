package io.vaxline.booking.platform.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;

/**
 * Tink keysets from files named in the configuration (JSON, as {@code tinkey} writes them, or as
 * the local stack makes them on first start). A keyset can hold several keys: the primary encrypts,
 * all decrypt, so a key is rotated by adding a new primary. Error messages name the file, never a key.
 */
public final class Keysets {

    static {
        try {
            AeadConfig.register();
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Keysets() {
    }

    public static Aead aead(Path file) {
        try {
            return read(file).getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The keyset " + file + " is not an AEAD keyset (AES256_GCM): " + e.getMessage(), e);
        }
    }

    public static StreamingAead streamingAead(Path file) {
        try {
            return read(file).getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The keyset " + file + " is not a streaming AEAD keyset (AES256_GCM_HKDF_1MB): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Makes the keyset file with one new key if there is none (docker-compose does this on first start,
     * into its own volume; elsewhere keysets come from the secret store and are never made here).
     */
    public static void createIfMissing(Path file, com.google.crypto.tink.Parameters parameters) {
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(parameters),
                    InsecureSecretKeyAccess.get()), StandardCharsets.UTF_8);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not make the keyset " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeysetHandle read(Path file) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
                    InsecureSecretKeyAccess.get());
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("No keyset at " + file + ": `./vaxline up` makes one in the data folder; "
                    + "elsewhere create it with Tinkey (tinkey create-keyset) and point the variable at it");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("The keyset " + file + " cannot be read as a Tink JSON keyset", e);
        }
    }
}
