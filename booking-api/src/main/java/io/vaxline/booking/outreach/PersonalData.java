package io.vaxline.booking.outreach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.crypto.tink.Aead;

import io.vaxline.booking.platform.security.Keysets;


/**
 * Authenticated encryption (AES-256-GCM, Tink) of personal fields at rest: patients' details and
 * their form answers. Each ciphertext is bound to the row it belongs to (associated data), so a
 * sealed value copied onto another row does not open. The key comes from the keyset file
 * {@code vaxline.outreach.keyset} and is never logged.
 */
@ApplicationScoped
public class PersonalData {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final Aead aead;

    public PersonalData(OutreachSettings settings) {
        if (settings.createKeyset()) {
            Keysets.createIfMissing(settings.keyset(), com.google.crypto.tink.aead.PredefinedAeadParameters.AES256_GCM);
        }
        this.aead = Keysets.aead(settings.keyset());
    }

    public byte[] seal(String rowId, Object value) {
        try {
            return aead.encrypt(JSON.writeValueAsBytes(value), rowId.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not seal the personal data of " + rowId, e);
        }
    }

    public <T> T open(String rowId, byte[] sealed, Class<T> type) {
        try {
            return JSON.readValue(aead.decrypt(sealed, rowId.getBytes(StandardCharsets.UTF_8)), type);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the personal data of " + rowId + " does not open with the outreach keyset "
                    + "(another key, or the row was tampered with)", e);
        } catch (IOException e) {
            throw new IllegalStateException("the personal data of " + rowId + " is not readable", e);
        }
    }
}
