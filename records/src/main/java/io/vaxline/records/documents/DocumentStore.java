package io.vaxline.records.documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

/**
 * Where documents' bytes live: a folder of objects, each encrypted on its own with AES-256-GCM (a Tink AEAD keyset,
 * as booking-api seals outreach contacts) and bound to its name (the associated data), so an object copied under
 * another document's name does not decrypt. A file is written to a temporary name and moved into place, so a
 * reader never sees half an object.
 */
@ApplicationScoped
public class DocumentStore {

    @ConfigProperty(name = "vaxline.records.documents.folder")
    Path folder;

    @ConfigProperty(name = "vaxline.records.documents.keyset")
    Path keysetFile;

    @ConfigProperty(name = "vaxline.records.documents.create-keyset")
    boolean createKeyset;

    private Aead aead;

    @PostConstruct
    void open() {
        try {
            AeadConfig.register();
            if (!Files.exists(keysetFile)) {
                if (!createKeyset) {
                    throw new IllegalStateException("No documents keyset at " + keysetFile + " (DOCUMENTS_KEYSET); "
                            + "RECORDS_CREATE_DOCUMENTS_KEYSET=true makes one there, for a local stack only.");
                }
                if (keysetFile.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(keysetFile.toAbsolutePath().getParent());
                }
                Files.writeString(keysetFile, TinkJsonProtoKeysetFormat.serializeKeyset(
                        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get()),
                        StandardCharsets.UTF_8);
            }
            aead = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(keysetFile, StandardCharsets.UTF_8),
                    InsecureSecretKeyAccess.get()).getPrimitive(RegistryConfiguration.get(), Aead.class);
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The documents keyset " + keysetFile + " is not an AES256_GCM keyset", e);
        }
    }

    public void put(String name, byte[] content) {
        try {
            byte[] sealed = aead.encrypt(content, name.getBytes(StandardCharsets.UTF_8));
            Path target = path(name);
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.write(tmp, sealed);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt " + name, e);
        }
    }

    /** The decrypted object, or null when there is none. */
    public byte[] get(String name) {
        try {
            return aead.decrypt(Files.readAllBytes(path(name)), name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Object " + name + " does not decrypt with the documents keyset", e);
        }
    }

    /** The stored (encrypted) bytes, for tests that check nothing is kept in clear. */
    byte[] raw(String name) throws IOException {
        return Files.readAllBytes(path(name));
    }

    private Path path(String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("Not an object name: " + name);
        }
        return folder.resolve(name);
    }
}
