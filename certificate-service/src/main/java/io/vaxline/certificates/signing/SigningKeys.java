package io.vaxline.certificates.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.StartupEvent;
import io.vaxline.certificates.CertificateSettings;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jboss.logging.Logger;

/**
 * The document signer keys. The key pair and its X.509 certificate live in a PKCS#12 keystore
 * file. When the file does not exist the service refuses to start, unless it is asked to make one
 * ({@code vaxline.certificates.create-keystore}, a local stack's first start): then a P-256 key and a
 * self-signed certificate are made and saved. In production the keystore holds the Document Signer
 * Certificate issued under the country's CSCA, and older signer certificates stay in it (as
 * certificate entries) so that certificates signed with them still verify.
 *
 * <p>Key ids follow the EU DCC rule: the first 8 bytes of the SHA-256 of the DER certificate.
 */
@ApplicationScoped
public class SigningKeys {

    public record PublishedKey(String kid, X509Certificate certificate, boolean current) {
    }

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    @Inject
    CertificateSettings settings;

    private volatile byte[] kid;
    private volatile ECPrivateKey privateKey;
    /** The private key as BouncyCastle's signer takes it, converted once when loaded rather than for every signature. */
    private volatile ECPrivateKeyParameters signingKey;
    private volatile Map<String, PublishedKey> published = Map.of();

    /** Before the consumers start (the messaging connector starts them on this event too), so that none runs without a key. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event)
            throws IOException, GeneralSecurityException {
        load();
    }

    synchronized void load() throws IOException, GeneralSecurityException {
        if (privateKey != null) {
            return;
        }
        if (!Files.exists(settings.keystore())) {
            if (!settings.createKeystore()) {
                throw new IllegalStateException("No signing keystore at " + settings.keystore().toAbsolutePath()
                        + ". Set CERTIFICATE_KEYSTORE (vaxline.certificates.keystore) to the PKCS#12 keystore with your "
                        + "document signer key, or set CERTIFICATE_CREATE_KEYSTORE=true (vaxline.certificates.create-keystore) "
                        + "to make a new self-signed signing key there, as a local stack does on its first start "
                        + "(certificates signed with it verify only against that key).");
            }
            generate();
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(settings.keystore())) {
            store.load(in, settings.keystorePassword().toCharArray());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the signing keystore " + settings.keystore()
                    + ": check CERTIFICATE_KEYSTORE_PASSWORD (" + e.getMessage() + ")", e);
        }
        if (!(store.getKey(settings.keyAlias(), settings.keystorePassword().toCharArray()) instanceof ECPrivateKey key)) {
            throw new IllegalStateException("The keystore " + settings.keystore() + " has no EC private key under the alias '" + settings.keyAlias()
                    + "'; set CERTIFICATE_KEY_ALIAS to the alias of the document signer key (P-256, for ES256).");
        }
        Map<String, PublishedKey> keys = new LinkedHashMap<>();
        byte[] currentKid = kidOf((X509Certificate) store.getCertificate(settings.keyAlias()));
        for (String name : Collections.list(store.aliases())) {
            Certificate certificate = store.getCertificate(name);
            if (certificate instanceof X509Certificate x509) {
                String id = Base64.getEncoder().encodeToString(kidOf(x509));
                keys.put(id, new PublishedKey(id, x509, name.equals(settings.keyAlias())));
            }
        }
        kid = currentKid;
        signingKey = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(key);
        privateKey = key;
        published = Map.copyOf(keys);
        LOG.infof("Signing certificates with key %s from %s (%d key(s) published)",
                Base64.getEncoder().encodeToString(currentKid), settings.keystore(), keys.size());
    }

    /** Key id of the key new certificates are signed with. */
    public byte[] kid() {
        return kid.clone();
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The current private key for BouncyCastle's deterministic ECDSA signer. */
    public ECPrivateKeyParameters signingKey() {
        return signingKey;
    }

    /** Every key a certificate of ours may be signed with, by base64 key id. */
    public Map<String, PublishedKey> published() {
        return published;
    }

    public Optional<X509Certificate> certificate(byte[] keyId) {
        return Optional.ofNullable(published.get(Base64.getEncoder().encodeToString(keyId))).map(PublishedKey::certificate);
    }

    public static byte[] kidOf(X509Certificate certificate) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()), 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void generate() throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=Vaxline local document signer, O=Vaxline, C=" + settings.issuerCountry());
        Instant now = Instant.now();
        X509Certificate certificate;
        try {
            certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(subject,
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(5 * 365))), subject, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(settings.keyAlias(), pair.getPrivate(), settings.keystorePassword().toCharArray(), new Certificate[] { certificate });
        Files.createDirectories(settings.keystore().toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(settings.keystore())) {
            store.store(out, settings.keystorePassword().toCharArray());
        }
        try {
            Files.setPosixFilePermissions(settings.keystore(), PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        LOG.warnf("No signing keystore at %s: generated a new P-256 key with a self-signed certificate for local use, "
                + "as CERTIFICATE_CREATE_KEYSTORE=true asked. In production, point CERTIFICATE_KEYSTORE at the keystore "
                + "with your Document Signer Certificate and leave CERTIFICATE_CREATE_KEYSTORE unset.",
                settings.keystore());
    }
}
