package io.vaxline.records.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A pharmacy key as the request carried it. */
public class PharmacyKeyRequest extends BaseAuthenticationRequest {

    private final String key;

    public PharmacyKeyRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
