package io.vaxline.records.documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

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
 * Where documents' bytes live: objects in a folder or an S3-compatible bucket ({@link ObjectStorage}), each encrypted
 * on its own with AES-256-GCM (a Tink AEAD keyset, as booking-api seals outreach contacts) before it leaves the
 * service, and bound to its name (the associated data), so an object copied under another document's name does not
 * decrypt.
 */
@ApplicationScoped
public class DocumentStore {

    @ConfigProperty(name = "vaxline.records.documents.storage")
    String storageKind;

    @ConfigProperty(name = "vaxline.records.documents.folder")
    Path folder;

    @ConfigProperty(name = "vaxline.records.documents.s3.bucket")
    Optional<String> bucket;

    @ConfigProperty(name = "vaxline.records.documents.s3.region")
    String region;

    @ConfigProperty(name = "vaxline.records.documents.s3.endpoint")
    Optional<URI> endpoint;

    @ConfigProperty(name = "vaxline.records.documents.s3.access-key")
    Optional<String> accessKey;

    @ConfigProperty(name = "vaxline.records.documents.s3.secret-key")
    Optional<String> secretKey;

    private ObjectStorage storage;

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
            storage = switch (storageKind) {
                case "folder" -> new FolderStorage(folder);
                case "s3" -> new S3Storage(bucket.orElseThrow(() -> new IllegalStateException(
                        "DOCUMENTS_STORAGE=s3 needs DOCUMENTS_S3_BUCKET")), region, endpoint, accessKey, secretKey);
                default -> throw new IllegalStateException("DOCUMENTS_STORAGE is folder or s3, not " + storageKind);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The documents keyset " + keysetFile + " is not an AES256_GCM keyset", e);
        }
    }

    public void put(String name, byte[] content) {
        try {
            storage.put(checked(name), aead.encrypt(content, name.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt " + name, e);
        }
    }

    /** The decrypted object, or null when there is none. */
    public byte[] get(String name) {
        byte[] sealed = storage.get(checked(name));
        if (sealed == null) {
            return null;
        }
        try {
            return aead.decrypt(sealed, name.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Object " + name + " does not decrypt with the documents keyset", e);
        }
    }

    private static String checked(String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("Not an object name: " + name);
        }
        return name;
    }
}
