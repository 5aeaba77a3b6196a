package io.vaxline.certificates.model;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The certificate of one dose event. */
@Entity
@Table(name = "certificate")
public class Certificate extends PanacheEntityBase {

    public enum Status {
        VALID, REVOKED
    }

    @Id
    public String certificateId;
    public String vaccinationEventId;
    public String personId;
    public int doseNumber;
    public int seriesDoses;
    public Instant issuedAt;
    public Instant expiresAt;
    /** Unique vaccination certificate identifier, printed and inside the signed payload. */
    public String uvci;
    public String keyId;
    /** The QR code's content: HC1:... */
    public String qr;
    /** The signed health certificate as JSON, for reading without decoding the QR. */
    public String payloadJson;
    @Enumerated(EnumType.STRING)
    public Status status;
    public String replacesCertificateId;
    public String replacedByCertificateId;
    public Instant revokedAt;
    public String revocationReason;
    /** The PersonCorrected whose holder details the certificate carries, or null for the details registered. */
    public String holderEventId;
}
