import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;

import io.vaxline.schemas.NotifierSeal;

/**
 * make-secrets.sh's keysets, made as the local stack and docker-compose make them on a first start: the notifier's key
 * pair (NotifierSeal) and booking-api's outreach (AES256_GCM) and backup (AES256_GCM_HKDF_1MB) keysets. Run with
 * booking-api's class path: {@code java -cp 'booking-api/target/quarkus-app/lib/main/*' MakeKeysets.java <folder>}.
 */
class MakeKeysets {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Files.createDirectories(folder);
        AeadConfig.register();
        StreamingAeadConfig.register();
        NotifierSeal.createKeysets(folder.resolve("notifier-private-keyset.json"), folder.resolve("notifier-public-keyset.json"));
        Files.writeString(folder.resolve("outreach-keyset.json"), TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get()), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("backup-keyset.json"), TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB), InsecureSecretKeyAccess.get()),
                StandardCharsets.UTF_8);
        System.out.println("Made the keysets in " + folder);
    }
}
