package dev.onekycbridge.adapter.web;

import java.util.Locale;

/** Recognises request content types, parameters (such as {@code charset}) allowed. */
final class MediaTypes {
    static final String JSON = "application/json";

    private MediaTypes() {
    }

    /** {@code application/json} or a structured {@code application/*+json} type. */
    static boolean isJson(String contentType) {
        String type = essence(contentType);
        return type.equals(JSON) || (type.startsWith("application/") && type.endsWith("+json"));
    }

    static boolean isMultipartFormData(String contentType) {
        return essence(contentType).equals("multipart/form-data");
    }

    /** Whether the type carries a non-empty {@code boundary} parameter (quoted or not). */
    static boolean hasBoundary(String contentType) {
        if (contentType == null) {
            return false;
        }
        for (String parameter : contentType.split(";")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("boundary")) {
                String value = parameter.substring(equals + 1).strip();
                return !value.isEmpty() && !value.equals("\"\"");
            }
        }
        return false;
    }

    /**
     * A multipart/form-data type as the body decoder takes it: the type in lower case, and each parameter's name
     * too (values as sent: a boundary's case is its own). The decoder matches the type case-sensitively and would
     * read {@code Multipart/Form-Data} as a URL-encoded form with no parts. A {@code charset} parameter is left
     * out: the type defines none (RFC 7578; each part names its own), and the decoder fails on one it cannot look
     * up, unknown or quoted.
     */
    static String multipartForDecoder(String contentType) {
        StringBuilder normalised = new StringBuilder("multipart/form-data");
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            String name = (equals < 0 ? parts[i] : parts[i].substring(0, equals)).strip().toLowerCase(Locale.ROOT);
            if (name.equals("charset")) {
                continue;
            }
            normalised.append("; ").append(equals < 0 ? parts[i].strip()
                    : name + "=" + parts[i].substring(equals + 1).strip());
        }
        return normalised.toString();
    }

    /** The type and subtype, lower case, without parameters; empty when there is none. */
    static String essence(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.strip().toLowerCase(Locale.ROOT);
    }
}
