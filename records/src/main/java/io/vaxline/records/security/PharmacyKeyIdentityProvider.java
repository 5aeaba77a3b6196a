package io.vaxline.records.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vaxline.records.pharmacies.Pharmacies;

/** Looks the key's hash up; the identity is the pharmacy, in role {@value Caller#PHARMACY}. */
@ApplicationScoped
public class PharmacyKeyIdentityProvider implements IdentityProvider<PharmacyKeyRequest> {

    @Inject
    Pharmacies pharmacies;

    @Override
    public Class<PharmacyKeyRequest> getRequestType() {
        return PharmacyKeyRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(PharmacyKeyRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> pharmacies.byKey(request.key())
                .map(id -> (SecurityIdentity) QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(id))
                        .addRole(Caller.PHARMACY).build())
                .orElseThrow(() -> new AuthenticationFailedException("unknown pharmacy key")));
    }
}
