package io.vaxline.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HybridConfig;

/**
 * Secrets that travel on a topic only for the notifier to text them (one-time codes, invitation
 * links with their token) are sealed with hybrid encryption (Tink HPKE: X25519, HKDF-SHA256,
 * AES-256-GCM) to the notifier's public key. Whoever writes them needs only the public keyset;
 * only the notifier holds the private one, so neither an ACL slip nor a copy of the topic shows them.
 * Each seal is bound to its context (e.g. the phone number), so a sealed code moved to another
 * record does not open.
 */
public final class NotifierSeal {

    private static final String TEMPLATE = "DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM";

    private final HybridEncrypt encrypt;
    private final HybridDecrypt decrypt;

    private NotifierSeal(HybridEncrypt encrypt, HybridDecrypt decrypt) {
        this.encrypt = encrypt;
        this.decrypt = decrypt;
    }

    /** For a writer: the notifier's public keyset (a Tink JSON keyset file). */
    public static NotifierSeal forSealing(Path publicKeyset) {
        try {
            HybridConfig.register();
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(read(publicKeyset));
            return new NotifierSeal(handle.getPrimitive(HybridEncrypt.class), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The notifier's public keyset " + publicKeyset + " is not a Tink hybrid keyset", e);
        }
    }

    /** For the notifier: its private keyset. */
    public static NotifierSeal forOpening(Path privateKeyset) {
        try {
            HybridConfig.register();
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(read(privateKeyset), InsecureSecretKeyAccess.get());
            return new NotifierSeal(handle.getPublicKeysetHandle().getPrimitive(HybridEncrypt.class),
                    handle.getPrimitive(HybridDecrypt.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The notifier's private keyset " + privateKeyset + " is not a Tink hybrid keyset", e);
        }
    }

    /** Makes a new key pair: the private keyset and its public half (for the local stack and docker-compose). */
    public static void createKeysets(Path privateKeyset, Path publicKeyset) {
        try {
            HybridConfig.register();
            KeysetHandle handle = KeysetHandle.generateNew(KeyTemplates.get(TEMPLATE));
            Files.writeString(privateKeyset, TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get()));
            Files.writeString(publicKeyset, TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(handle.getPublicKeysetHandle()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not make the notifier's key pair", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-time code for {@code phone}. */
    public java.nio.ByteBuffer sealCode(String code, String phone) {
        return java.nio.ByteBuffer.wrap(seal(code, "otp:" + phone));
    }

    public String openCode(java.nio.ByteBuffer sealed, String phone) {
        return open(bytes(sealed), "otp:" + phone);
    }

    /** An invitation's link (with its token). */
    public java.nio.ByteBuffer sealLink(String link, String invitationId) {
        return java.nio.ByteBuffer.wrap(seal(link, "invitation:" + invitationId));
    }

    public String openLink(java.nio.ByteBuffer sealed, String invitationId) {
        return open(bytes(sealed), "invitation:" + invitationId);
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        java.nio.ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    public byte[] seal(String secret, String context) {
        try {
            return encrypt.encrypt(secret.getBytes(StandardCharsets.UTF_8), context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not seal for the notifier", e);
        }
    }

    /** The secret, or an exception saying it does not open (another key, another context, or tampered). */
    public String open(byte[] sealed, String context) {
        if (decrypt == null) {
            throw new IllegalStateException("Only the notifier opens what is sealed for it");
        }
        try {
            return new String(decrypt.decrypt(sealed, context.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SealException("sealed for another notifier key or for another " + context.split(":", 2)[0]
                    + " (it does not open with this notifier's key)", e);
        }
    }

    /** What does not open is bad data: parked with this reason. */
    public static final class SealException extends RuntimeException {
        SealException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the keyset " + file, e);
        }
    }
}
