package io.vaxline.web.records;

import io.quarkus.qute.RawString;

/**
 * A passage of a document as records' search returns it (PostgreSQL's {@code ts_headline}, the matching words between
 * {@code <b>} and {@code </b>}) made safe to put in a page: everything is escaped, and only the marks of the matches
 * become {@code <mark>}. The document's own text never reaches the page as markup.
 */
public final class Snippet {

    private static final String START = "<b>";
    private static final String STOP = "</b>";

    private Snippet() {
    }

    public static RawString html(String headline) {
        if (headline == null) {
            return new RawString("");
        }
        StringBuilder html = new StringBuilder();
        int at = 0;
        while (at < headline.length()) {
            int start = headline.indexOf(START, at);
            int stop = start < 0 ? -1 : headline.indexOf(STOP, start + START.length());
            if (start < 0 || stop < 0) {
                html.append(escape(headline.substring(at)));
                break;
            }
            html.append(escape(headline.substring(at, start))).append("<mark>")
                    .append(escape(headline.substring(start + START.length(), stop))).append("</mark>");
            at = stop + STOP.length();
        }
        return new RawString(html.toString());
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
