package io.vaxline.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vaxline.schemas.KafkaPrincipals;
import io.vaxline.schemas.NotifierSeal;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;

/**
 * The secrets the services need, made on first start and kept in the data folder (mode 600): the
 * key pair booking-api signs its tokens with (the other services verify with the public key), the
 * administrators' API key, the pepper that keyed hashes of phone numbers, codes and ID numbers
 * use, and the Tink keysets that seal patients' personal fields and encrypt backups. In production they come from the platform's secret store through the same variables.
 */
public record ServiceSecrets(Path jwtPrivateKey, Path jwtPublicKey, String adminApiKey, String pepper, Path outreachKeyset,
        Path backupKeyset, Map<String, String> kafkaPasswords, Path notifierPrivateKeyset, Path notifierPublicKeyset) {

    /** The password of the controller listener, which only the broker itself uses. */
    public static final String KAFKA_CONTROLLER = "controller";

    public static ServiceSecrets loadOrCreate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path privateKey = dir.resolve("jwt-private.pem");
        Path publicKey = dir.resolve("jwt-public.pem");
        if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
            KeyPair pair = rsaKeyPair();
            write(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            write(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        }
        Path outreachKeyset = keyset(dir.resolve("outreach-keyset.json"), PredefinedAeadParameters.AES256_GCM);
        Path backupKeyset = keyset(backupKeysetIn(dir), PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
        Map<String, String> kafka = new LinkedHashMap<>();
        Files.createDirectories(dir.resolve("kafka"));
        for (String principal : KafkaPrincipals.names()) {
            kafka.put(principal, secret(dir.resolve("kafka").resolve(principal)));
        }
        kafka.put(KAFKA_CONTROLLER, secret(dir.resolve("kafka").resolve(KAFKA_CONTROLLER)));
        Path notifierPrivate = dir.resolve("notifier-private-keyset.json");
        Path notifierPublic = dir.resolve("notifier-public-keyset.json");
        if (!Files.exists(notifierPrivate) || !Files.exists(notifierPublic)) {
            NotifierSeal.createKeysets(notifierPrivate, notifierPublic);
            protect(notifierPrivate);
        }
        return new ServiceSecrets(privateKey, publicKey, secret(dir.resolve("admin-api-key")), secret(dir.resolve("pepper")),
                outreachKeyset, backupKeyset, kafka, notifierPrivate, notifierPublic);
    }

    /** A Kafka principal's password as the local stack made it, or null when that data folder has none. */
    public static String kafkaPassword(Path dataDir, String principal) {
        Path file = folder(dataDir).resolve("kafka").resolve(principal);
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * care's own key for booking-api's service login (booking-api's {@code CARE_API_KEY}: a token that may only cancel),
     * made on first use: care cancels with it a booking whose payment the provider reports failed later.
     */
    public static String careBookingApiKey(Path dataDir) {
        try {
            return secret(folder(dataDir).resolve("care-booking-api-key"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The local stack keeps them in its data folder. */
    public static Path folder(Path dataDir) {
        return dataDir.resolve("secrets");
    }

    /** Where the backup keyset is, without making one: a restore needs the keyset the backup was made with. */
    public static Path backupKeysetIn(Path secretsDir) {
        return secretsDir.resolve("backup-keyset.json");
    }

    /** As environment variables, the way docker-compose and production hand them over. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JWT_PRIVATE_KEY", jwtPrivateKey.toString());
        env.put("JWT_PUBLIC_KEY", jwtPublicKey.toString());
        env.put("ADMIN_API_KEY", adminApiKey);
        env.put("SECRET_PEPPER", pepper);
        env.put("OUTREACH_KEYSET", outreachKeyset.toString());
        env.put("BACKUP_KEYSET", backupKeyset.toString());
        env.put("BACKUP_FOLDER", backupFolder().toString());
        env.put("NOTIFIER_PUBLIC_KEYSET", notifierPublicKeyset.toString());
        env.put("NOTIFIER_PRIVATE_KEYSET", notifierPrivateKeyset.toString());
        return env;
    }

    /** As configuration properties, for Quarkus tests running in-process. */
    public Map<String, String> properties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("vaxline.jwt.private-key", jwtPrivateKey.toString());
        props.put("vaxline.jwt.public-key", jwtPublicKey.toString());
        props.put("vaxline.security.admin-api-key", adminApiKey);
        props.put("vaxline.security.secret-pepper", pepper);
        props.put("vaxline.outreach.keyset", outreachKeyset.toString());
        props.put("vaxline.backup.keyset", backupKeyset.toString());
        props.put("vaxline.backup.folder", backupFolder().toString());
        props.put("vaxline.seal.notifier-public-keyset", notifierPublicKeyset.toString());
        props.put("vaxline.seal.notifier-private-keyset", notifierPrivateKeyset.toString());
        return props;
    }

    /** The local stack's backups go beside its secrets, in the data folder. */
    public Path backupFolder() {
        return backupKeyset.toAbsolutePath().getParent().resolveSibling("backups");
    }

    /** A Tink keyset (JSON, one key) made on first start: for patients' personal fields, and for backups. */
    private static Path keyset(Path file, Parameters parameters) throws IOException {
        if (!Files.exists(file)) {
            try {
                AeadConfig.register();
                StreamingAeadConfig.register();
                write(file, TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(parameters),
                        InsecureSecretKeyAccess.get()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("could not make the keyset " + file, e);
            }
        }
        return file;
    }

    private static String secret(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            write(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        protect(file);
    }

    private static void protect(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; the folder's own protection has to do
        }
    }
}
