package io.vaxline.certificates.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;

import io.vaxline.certificates.model.Certificate;
import io.vaxline.schemas.VaccineCodes.ValueSet;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The printable certificate: the QR code (drawn as vector squares, error correction level Q as
 * the EU DCC guidelines recommend) beside the fields a person or an inspector reads.
 */
@ApplicationScoped
public class CertificatePdf {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final float MARGIN = 50;

    public byte[] render(Certificate certificate) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            JsonNode hcert = JSON.readTree(certificate.payloadJson);
            JsonNode dose = hcert.path("v").path(0);
            JsonNode name = hcert.path("nam");
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            document.getDocumentInformation().setTitle("Vaccination certificate " + certificate.uvci);
            float top = page.getMediaBox().getHeight() - MARGIN;
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                text(content, bold, 20, MARGIN, top, "EU Digital COVID Certificate - Vaccination");
                float qrSize = 250;
                drawQr(content, certificate.qr, MARGIN, top - 30 - qrSize, qrSize);
                float y = top - 60 - qrSize;
                List<String[]> fields = new ArrayList<>();
                fields.add(new String[] { "Name", (name.path("gn").asText("") + " " + name.path("fn").asText("")).strip() });
                fields.add(new String[] { "Name (machine readable)", name.path("fnt").asText("") + "<<" + name.path("gnt").asText("") });
                fields.add(new String[] { "Date of birth", hcert.path("dob").asText() });
                fields.add(new String[] { "Disease targeted", display(ValueSet.TARGET_DISEASE, dose.path("tg").asText()) });
                fields.add(new String[] { "Vaccine", display(ValueSet.VACCINE_TYPE, dose.path("vp").asText()) });
                fields.add(new String[] { "Product", display(ValueSet.PRODUCT, dose.path("mp").asText()) });
                fields.add(new String[] { "Manufacturer", display(ValueSet.MANUFACTURER, dose.path("ma").asText()) });
                fields.add(new String[] { "Dose", dose.path("dn").asInt() + " of " + dose.path("sd").asInt() });
                fields.add(new String[] { "Date of vaccination", dose.path("dt").asText() });
                fields.add(new String[] { "Country of vaccination", dose.path("co").asText() });
                fields.add(new String[] { "Issuer", dose.path("is").asText() });
                fields.add(new String[] { "Certificate identifier", dose.path("ci").asText() });
                fields.add(new String[] { "Valid until", String.valueOf(certificate.expiresAt) });
                if (certificate.status == Certificate.Status.REVOKED) {
                    fields.add(new String[] { "STATUS", "REVOKED - " + certificate.revocationReason });
                }
                for (String[] field : fields) {
                    text(content, bold, 10, MARGIN, y, field[0]);
                    text(content, regular, 11, MARGIN + 160, y, field[1]);
                    y -= 20;
                }
                text(content, regular, 8, MARGIN, MARGIN, "Check this certificate with any EU DCC verifier app, or at POST /verify "
                        + "with the QR content. Signing key: " + certificate.keyId);
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String display(ValueSet set, String code) {
        return set.display(code).map(name -> name + " (" + code + ")").orElse(code);
    }

    private static void drawQr(PDPageContentStream content, String text, float x, float y, float size) throws IOException {
        QRCode qr;
        try {
            qr = Encoder.encode(text, ErrorCorrectionLevel.Q, Map.of(EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IOException("QR content too long for a QR code: " + e.getMessage(), e);
        }
        ByteMatrix matrix = qr.getMatrix();
        float module = size / matrix.getWidth();
        for (int row = 0; row < matrix.getHeight(); row++) {
            for (int col = 0; col < matrix.getWidth(); col++) {
                if (matrix.get(col, row) == 1) {
                    content.addRect(x + col * module, y + size - (row + 1) * module, module, module);
                }
            }
        }
        content.fill();
    }

    private static final Map<Character, Character> PLAIN = Map.of('Ł', 'L', 'ł', 'l', 'Đ', 'D', 'đ', 'd', 'Ħ', 'H', 'ħ', 'h',
            'ı', 'i');

    /** Standard fonts cover Latin-1: other letters are printed in their plain form (Ż as Z, Ł as L), never dropped. */
    private static void text(PDPageContentStream content, PDType1Font font, float size, float x, float y, String value)
            throws IOException {
        StringBuilder printable = new StringBuilder();
        for (char c : value.toCharArray()) {
            String plain = Normalizer.normalize(String.valueOf(PLAIN.getOrDefault(c, c)), Normalizer.Form.NFD)
                    .replaceAll("\\p{M}", "");
            printable.append(encodable(font, String.valueOf(c)) ? String.valueOf(c) : encodable(font, plain) ? plain : "?");
        }
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(x, y);
        content.showText(printable.toString());
        content.endText();
    }

    private static boolean encodable(PDType1Font font, String text) {
        try {
            font.encode(text);
            return !text.isEmpty();
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }
}
