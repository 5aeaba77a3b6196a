package io.vaxline.booking.rest;

/** RFC 4180 quoting, and a defence against spreadsheet formula injection in names. */
final class Csv {

    private Csv() {
    }

    static String quote(String value) {
        String safe = value != null && !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe == null ? "" : "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
