package io.vaxline.certificates;

import static io.restassured.RestAssured.given;
import static io.vaxline.certificates.Fixtures.awaitCertificate;
import static io.vaxline.certificates.Fixtures.certificateOf;
import static io.vaxline.certificates.Fixtures.dose;
import static io.vaxline.certificates.Fixtures.registeredPerson;
import static io.vaxline.certificates.Fixtures.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vaxline.devstack.InfrastructureTestResource;
import io.vaxline.events.VaccinationAdministered;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import se.digg.dgc.encoding.Base45;
import se.digg.dgc.encoding.Zlib;
import se.digg.dgc.service.impl.DefaultDGCDecoder;
import se.digg.dgc.signatures.cwt.Cwt;
import se.digg.dgc.signatures.impl.DefaultDGCSignatureVerifier;
import se.digg.dgc.signatures.impl.DefaultDGCSigner;

/**
 * Our QR codes read by an implementation we did not write: the Swedish eHealth agency's EU DCC
 * library decodes and verifies them with the key we publish, and refuses them after one changed
 * byte. And our verify endpoint, for each way a code can be wrong.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class DccInteroperabilityTest {

    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    @Test
    void anIndependentVerifierAcceptsOurCodeWithThePublishedKeyAndRefusesItAfterOneChangedByte() throws Exception {
        String personId = registeredPerson("Erik Johan Lindqvist");
        VaccinationAdministered dose = report(dose(personId).setDoseNumber(2).setSeriesDoses(2).build());
        String certificateId = certificateOf(dose);
        String qr = awaitCertificate(certificateId, personId).extract().path("qr");
        String uvci = awaitCertificate(certificateId, personId).extract().path("uvci");
        X509Certificate signer = publishedSigner();
        DefaultDGCDecoder independent = new DefaultDGCDecoder(new DefaultDGCSignatureVerifier(), (country, kid) -> List.of(signer));

        JsonNode hcert = CBOR.readTree(independent.decodeToBytes(qr));
        assertThat(hcert.path("ver").asText()).isEqualTo("1.3.0");
        assertThat(hcert.path("nam").path("fnt").asText()).isEqualTo("LINDQVIST");
        assertThat(hcert.path("nam").path("gnt").asText()).isEqualTo("ERIK<JOHAN");
        assertThat(hcert.path("dob").asText()).isEqualTo("1964-08-12");
        JsonNode v = hcert.path("v").path(0);
        assertThat(v.path("tg").asText()).isEqualTo("840539006");
        assertThat(v.path("vp").asText()).isEqualTo("J07BX03");
        assertThat(v.path("mp").asText()).isEqualTo("EU/1/20/1528");
        assertThat(v.path("ma").asText()).isEqualTo("ORG-100030215");
        assertThat(v.path("dn").asInt()).isEqualTo(2);
        assertThat(v.path("sd").asInt()).isEqualTo(2);
        assertThat(v.path("co").asText()).isEqualTo("SE");
        assertThat(v.path("ci").asText()).isEqualTo(uvci);

        String tampered = withOneByteChanged(qr, uvci);
        assertThatThrownBy(() -> independent.decodeToBytes(tampered)).isInstanceOf(java.security.SignatureException.class);
        verify(tampered).body("valid", equalTo(false)).body("reason", equalTo("BAD_SIGNATURE"));
        verify(qr).body("valid", equalTo(true)).body("healthCertificate.v[0].ci", equalTo(uvci));
    }

    @Test
    void theVerifyEndpointNamesWhatIsWrong() throws Exception {
        verify("not a certificate").body("valid", equalTo(false)).body("reason", equalTo("MALFORMED"));
        verify("HC1:%%%").body("reason", equalTo("MALFORMED"));
        verify("HC1:" + Base45.getEncoder().encodeToString("not zlib".getBytes(StandardCharsets.UTF_8)))
                .body("reason", equalTo("MALFORMED"));
        given().contentType("application/json").body("{\"qr\": 42").post("/verify").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://vaxline.io/problems/invalid-request")).body("errors[0].field", equalTo("body"));
        given().contentType("application/json").body("{}").post("/verify").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://vaxline.io/problems/invalid-request"))
                .body("errors[0].field", equalTo("qr"))
                .body("detail", org.hamcrest.Matchers.containsString("qr: is missing"));

        // Signed correctly, by a key that is not ours.
        verify(signedByAStranger()).body("valid", equalTo(false)).body("reason", equalTo("UNKNOWN_KEY"));

        // Ours, but for a dose given longer ago than a certificate is valid.
        String personId = registeredPerson("Old Dose");
        VaccinationAdministered old = report(dose(personId).setAdministeredAt(Instant.parse("2021-05-01T10:00:00Z")).build());
        String qr = awaitCertificate(certificateOf(old), personId).extract().path("qr");
        verify(qr).body("valid", equalTo(false)).body("reason", equalTo("EXPIRED"));
    }

    @Test
    void theKeysEndpointPublishesTheCurrentSignerWithItsKeyId() throws Exception {
        X509Certificate signer = publishedSigner();
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(signer.getEncoded());
        given().get("/keys").then().statusCode(200)
                .body("[0].kid", equalTo(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(hash, 8))))
                .body("[0].current", equalTo(true));
    }

    static io.restassured.response.ValidatableResponse verify(String qr) {
        return given().contentType("application/json").body(Map.of("qr", qr)).post("/verify").then().statusCode(200);
    }

    static X509Certificate publishedSigner() throws Exception {
        String der = given().get("/keys").then().statusCode(200).extract().path("find { it.current }.certificate");
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(der)));
    }

    /** One byte of the signed content changed (a letter of the certificate identifier), re-packed the standard way. */
    private static String withOneByteChanged(String qr, String uvci) throws Exception {
        byte[] cose = Zlib.decompress(Base45.getDecoder().decode(qr.substring(4)), false);
        byte[] needle = uvci.getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(cose, needle);
        assertThat(at).isPositive();
        cose[at + needle.length - 1] ^= 0x01;
        return "HC1:" + Base45.getEncoder().encodeToString(Zlib.compress(cose));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String signedByAStranger() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=Someone else, C=SE");
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, Date.from(Instant.now().minus(Duration.ofDays(1))),
                Date.from(Instant.now().plus(Duration.ofDays(30))), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        DefaultDGCSigner signer = new DefaultDGCSigner(pair.getPrivate(), certificate);
        Cwt cwt = Cwt.builder().issuer("SE").issuedAt(Instant.now()).expiration(Instant.now().plus(Duration.ofDays(30)))
                .dgcV1(CBOR.writeValueAsBytes(Map.of("ver", "1.3.0"))).build();
        byte[] cose = signer.sign(cwt.encode(), Instant.now().plus(Duration.ofDays(30)));
        return "HC1:" + Base45.getEncoder().encodeToString(Zlib.compress(cose));
    }
}
