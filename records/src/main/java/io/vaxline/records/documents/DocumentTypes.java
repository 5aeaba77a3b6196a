package io.vaxline.records.documents;

import java.util.Map;

import org.apache.tika.Tika;

/** The kinds of file a record accepts, told by their content (magic bytes and container structure), not their name. */
public final class DocumentTypes {

    public static final String PDF = "application/pdf";
    public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";

    /** Accepted types and the words a person reads them as. */
    public static final Map<String, String> ACCEPTED = Map.of(PDF, "PDF", DOCX, "Word document (.docx)", PNG, "PNG image",
            JPEG, "JPEG image");

    private static final Tika TIKA = new Tika();

    private DocumentTypes() {
    }

    /** The type the content is, as Tika detects it (the name only breaks ties between containers, never overrides). */
    public static String sniff(byte[] content) {
        return TIKA.detect(content);
    }

    public static boolean isImage(String type) {
        return PNG.equals(type) || JPEG.equals(type);
    }
}
