package io.vaxline.records.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import io.quarkus.runtime.Startup;

/**
 * Signs prescriptions: a detached JWS (RFC 7515, appendix F) with ES256 over the MedicationRequest's canonical
 * JSON, so the signed bytes travel as they are (the FHIR body) and the signature beside them. The key is a JSON
 * Web Key with its private part, in the file vaxline.records.signing-key; its public half is published at
 * {@code GET /prescriptions/signing-keys}, with the key id every signature's header names.
 */
@Startup
@ApplicationScoped
public class PrescriptionSigner {

    @ConfigProperty(name = "vaxline.records.signing-key")
    Path keyFile;

    @ConfigProperty(name = "vaxline.records.create-signing-key")
    boolean createKey;

    private EllipticCurveJsonWebKey key;

    @PostConstruct
    void load() {
        try {
            if (!Files.exists(keyFile)) {
                if (!createKey) {
                    throw new IllegalStateException("No prescription signing key at " + keyFile + " (RECORDS_SIGNING_KEY); "
                            + "RECORDS_CREATE_SIGNING_KEY=true makes a new one there, for a local stack only.");
                }
                EllipticCurveJsonWebKey made = EcJwkGenerator.generateJwk(EllipticCurves.P256);
                made.setKeyId(made.calculateBase64urlEncodedThumbprint("SHA-256"));
                made.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
                if (keyFile.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(keyFile.toAbsolutePath().getParent());
                }
                Files.writeString(keyFile, made.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE), StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the folder's own protection has to do
                }
            }
            JsonWebKey read = JsonWebKey.Factory.newJwk(Files.readString(keyFile, StandardCharsets.UTF_8));
            if (!(read instanceof EllipticCurveJsonWebKey ec) || ec.getPrivateKey() == null
                    || !EllipticCurves.P_256.equals(ec.getCurveName())) {
                throw new IllegalStateException(keyFile + " is not a P-256 JSON Web Key with its private part");
            }
            if (ec.getKeyId() == null) {
                ec.setKeyId(ec.calculateBase64urlEncodedThumbprint("SHA-256"));
            }
            key = ec;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JoseException e) {
            throw new IllegalStateException("Could not read the prescription signing key " + keyFile, e);
        }
    }

    /** The detached JWS ({@code header..signature}) over these exact bytes. */
    public String sign(String canonicalJson) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(canonicalJson);
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setContentTypeHeaderValue("fhir+json");
            jws.setKey(key.getPrivateKey());
            return jws.getDetachedContentCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Could not sign a prescription", e);
        }
    }

    /** The public key as a JWK Set member (no private part). */
    public Map<String, Object> publicJwk() {
        return key.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }
}
