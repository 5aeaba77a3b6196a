import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.EllipticCurves;

/**
 * records' keys for Kubernetes (make-secrets.sh runs it with records' class path): the prescription signing key, a
 * P-256 JSON Web Key with its private part and its thumbprint as key id, and the AES-256-GCM Tink keyset documents
 * are encrypted with; the same as records makes on a local stack (RECORDS_CREATE_SIGNING_KEY,
 * RECORDS_CREATE_DOCUMENTS_KEYSET).
 */
class MakeRecordsKeys {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Files.createDirectories(folder);
        EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        key.setKeyId(key.calculateBase64urlEncodedThumbprint("SHA-256"));
        key.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        Files.writeString(folder.resolve("prescription-signing-key.jwk"),
                key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE), StandardCharsets.UTF_8);
        AeadConfig.register();
        Files.writeString(folder.resolve("documents-keyset.json"), TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get()), StandardCharsets.UTF_8);
        System.out.println("Made records' keys in " + folder);
    }
}
