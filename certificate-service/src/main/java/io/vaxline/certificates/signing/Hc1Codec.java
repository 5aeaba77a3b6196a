package io.vaxline.certificates.signing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;

import io.vaxline.certificates.CertificateSettings;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

import nl.minvws.encoding.Base45;

/**
 * The EU Digital COVID Certificate's QR content: {@code HC1:} + Base45(zlib(COSE_Sign1)), where
 * the COSE_Sign1 signs, with ES256 and the key id in the protected header, a CBOR Web Token whose
 * claim -260 holds the health certificate (issuer country, issued-at and expiry in claims 1, 6, 4).
 *
 * <p>Signatures use deterministic ECDSA (RFC 6979): the same certificate and key always give the
 * same bytes, so replaying the event log reproduces the QR codes exactly. Randomised ECDSA (what
 * the COSE libraries on Maven Central use) would make every replay print different codes.
 */
@ApplicationScoped
public class Hc1Codec {

    public static final String PREFIX = "HC1:";
    private static final int ES256 = -7;
    private static final int HEADER_ALG = 1;
    private static final int HEADER_KID = 4;
    private static final int CLAIM_ISSUER = 1;
    private static final int CLAIM_EXPIRY = 4;
    private static final int CLAIM_ISSUED_AT = 6;
    private static final int CLAIM_HCERT = -260;
    private static final int MAX_INFLATED = 64 * 1024;

    public enum Reason {
        MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED, REVOKED
    }

    /** The outcome of checking QR content; on success, the health certificate it carries. */
    public record Verification(boolean valid, Reason reason, String detail, String kid, Instant issuedAt,
            Instant expiresAt, CBORObject hcert) {

        static Verification invalid(Reason reason, String detail) {
            return new Verification(false, reason, detail, null, null, null, null);
        }

        public Verification revoked(String detail) {
            return new Verification(false, Reason.REVOKED, detail, kid, issuedAt, expiresAt, hcert);
        }
    }

    @Inject
    SigningKeys keys;

    @Inject
    CertificateSettings settings;

    public String sign(CBORObject hcert, Instant issuedAt, Instant expiresAt) {
        CBORObject cwt = CBORObject.NewOrderedMap()
                .Add(CLAIM_ISSUER, settings.issuerCountry())
                .Add(CLAIM_ISSUED_AT, issuedAt.getEpochSecond())
                .Add(CLAIM_EXPIRY, expiresAt.getEpochSecond())
                .Add(CLAIM_HCERT, CBORObject.NewOrderedMap().Add(1, hcert));
        byte[] payload = cwt.EncodeToBytes();
        byte[] protectedHeader = CBORObject.NewOrderedMap().Add(HEADER_ALG, ES256).Add(HEADER_KID, keys.kid()).EncodeToBytes();
        byte[] signature = es256(sigStructure(protectedHeader, payload));
        byte[] cose = CBORObject.FromObjectAndTag(CBORObject.NewArray().Add(protectedHeader).Add(CBORObject.NewMap())
                .Add(payload).Add(signature), 18).EncodeToBytes();
        return PREFIX + Base45.getEncoder().encodeToString(deflate(cose));
    }

    public Verification verify(String content) {
        if (content == null || !content.startsWith(PREFIX)) {
            return Verification.invalid(Reason.MALFORMED, "QR content must start with " + PREFIX);
        }
        CBORObject cose;
        try {
            byte[] compressed = Base45.getDecoder().decode(content.substring(PREFIX.length()));
            cose = CBORObject.DecodeFromBytes(inflate(compressed));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Verification.invalid(Reason.MALFORMED, "not valid Base45 text");
        } catch (DataFormatException e) {
            return Verification.invalid(Reason.MALFORMED, "not zlib data: " + e.getMessage());
        } catch (CBORException e) {
            return Verification.invalid(Reason.MALFORMED, "not a CBOR structure: " + e.getMessage());
        }
        try {
            if (cose.getType() != CBORType.Array || cose.size() != 4) {
                return Verification.invalid(Reason.MALFORMED, "not a COSE_Sign1 structure (an array of 4)");
            }
            byte[] protectedHeader = cose.get(0).GetByteString();
            CBORObject header = CBORObject.DecodeFromBytes(protectedHeader);
            if (header.get(HEADER_ALG) == null || header.get(HEADER_ALG).AsInt32Value() != ES256) {
                return Verification.invalid(Reason.MALFORMED, "signature algorithm is not ES256");
            }
            CBORObject kidObject = Optional.ofNullable(header.get(HEADER_KID)).orElse(cose.get(1).get(HEADER_KID));
            if (kidObject == null) {
                return Verification.invalid(Reason.MALFORMED, "no key id in the COSE headers");
            }
            byte[] kid = kidObject.GetByteString();
            String kidText = java.util.Base64.getEncoder().encodeToString(kid);
            Optional<X509Certificate> signer = keys.certificate(kid);
            if (signer.isEmpty()) {
                return Verification.invalid(Reason.UNKNOWN_KEY, "key " + kidText + " is not one of the published keys");
            }
            byte[] payload = cose.get(2).GetByteString();
            byte[] signature = cose.get(3).GetByteString();
            if (!es256Verify(signer.get(), sigStructure(protectedHeader, payload), signature)) {
                return Verification.invalid(Reason.BAD_SIGNATURE, "the signature does not match the content and key " + kidText);
            }
            CBORObject cwt = CBORObject.DecodeFromBytes(payload);
            Instant issuedAt = Instant.ofEpochSecond(cwt.get(CLAIM_ISSUED_AT).AsInt64Value());
            Instant expiresAt = Instant.ofEpochSecond(cwt.get(CLAIM_EXPIRY).AsInt64Value());
            CBORObject hcert = cwt.get(CLAIM_HCERT).get(1);
            if (expiresAt.isBefore(Instant.now())) {
                return new Verification(false, Reason.EXPIRED, "expired at " + expiresAt, kidText, issuedAt, expiresAt, hcert);
            }
            return new Verification(true, null, null, kidText, issuedAt, expiresAt, hcert);
        } catch (CBORException | IllegalStateException | NullPointerException | ArithmeticException e) {
            return Verification.invalid(Reason.MALFORMED, "the COSE or CWT structure is not as the EU DCC specifies ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** SHA-256 of a UVCI, as revocation lists publish it (never the identifier itself). */
    public static String uvciHash(String uvci) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(uvci.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sigStructure(byte[] protectedHeader, byte[] payload) {
        return CBORObject.NewArray().Add("Signature1").Add(protectedHeader).Add(new byte[0]).Add(payload).EncodeToBytes();
    }

    private byte[] es256(byte[] toBeSigned) {
        try {
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            signer.init(true, keys.signingKey());
            BigInteger[] rs = signer.generateSignature(sha256(toBeSigned));
            byte[] raw = new byte[64];
            copyUnsigned(rs[0], raw, 0);
            copyUnsigned(rs[1], raw, 32);
            return raw;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with the document signer key", e);
        }
    }

    private static boolean es256Verify(X509Certificate signer, byte[] signed, byte[] signature) {
        if (signature.length != 64) {
            return false;
        }
        try {
            ECPublicKeyParameters key = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(signer.getPublicKey());
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, key);
            return verifier.verifySignature(sha256(signed), new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
                    new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] sha256(byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static void copyUnsigned(BigInteger value, byte[] target, int offset) {
        byte[] bytes = value.toByteArray();
        int start = Math.max(0, bytes.length - 32);
        int length = bytes.length - start;
        System.arraycopy(bytes, start, target, offset + 32 - length, length);
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] data) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 3);
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_INFLATED) {
                    throw new DataFormatException("more than " + MAX_INFLATED + " bytes once inflated");
                }
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
