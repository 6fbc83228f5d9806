package dev.onekycbridge.app.privacy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Looks for personal values and secrets in text (log lines) and in raw bytes (database files). Each value is
 * searched in the forms it may take: digits with or without separators (a NIK, a phone number in its 08…, 62…
 * and +62… forms), text in any letter case, URL-encoded text, UTF-8 and UTF-16 bytes, a NIK as a 64-bit
 * number's little- and big-endian bytes, and an image's bytes raw, in base64 (at every alignment) and in hex.
 */
final class PersonalDataScanner {
    /** One place a value was found. */
    record Finding(String value, String where) {
        @Override
        public String toString() {
            return value + " in " + where;
        }
    }

    private final Map<String, List<Pattern>> textPatterns = new LinkedHashMap<>();
    private final Map<String, List<byte[]>> bytePatterns = new LinkedHashMap<>();

    /** A run of digits, matched with or without spaces, dots or dashes between them. */
    PersonalDataScanner digits(String label, String digits) {
        String only = digits.replaceAll("\\D", "");
        // No digit boundaries: the national number of a phone sits inside its 62… and 08… forms.
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < only.length(); i++) {
            if (i > 0) {
                regex.append("[\\s.\\-]?");
            }
            regex.append(only.charAt(i));
        }
        text(label, Pattern.compile(regex.toString()));
        bytes(label, only);
        return this;
    }

    /** A NIK: its digits, and its value as a 64-bit number in binary. */
    PersonalDataScanner nik(String label, String nik) {
        digits(label, nik);
        long value = Long.parseLong(nik);
        bytePatterns.get(label).add(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(value).array());
        bytePatterns.get(label).add(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        return this;
    }

    /** A phone number: the national number, which its 08…, 62… and +62… forms all contain. */
    PersonalDataScanner phone(String label, String phone) {
        String digits = phone.replaceAll("\\D", "");
        String national = digits.startsWith("62") ? digits.substring(2) : digits.startsWith("0") ? digits.substring(1)
                : digits;
        return digits(label, national);
    }

    /** Text in any letter case, with any run of white space where it has one, and URL-encoded. */
    PersonalDataScanner words(String label, String value) {
        String[] parts = value.strip().split("\\s+");
        String regex = String.join("\\s+", Arrays.stream(parts).map(Pattern::quote).toList());
        text(label, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        String encoded = java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        if (!encoded.equals(value)) {
            text(label, Pattern.compile(Pattern.quote(encoded), Pattern.CASE_INSENSITIVE));
        }
        bytes(label, value);
        bytes(label, value.toUpperCase(Locale.ROOT));
        bytes(label, value.toLowerCase(Locale.ROOT));
        return this;
    }

    /** A secret or token, exactly (and URL-encoded). */
    PersonalDataScanner exact(String label, String value) {
        text(label, Pattern.compile(Pattern.quote(value)));
        String encoded = java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        if (!encoded.equals(value)) {
            text(label, Pattern.compile(Pattern.quote(encoded)));
        }
        bytes(label, value);
        return this;
    }

    /**
     * An image: windows of its bytes raw (for bytes) and, for text and bytes, in base64 at each of the three
     * alignments and in hex.
     */
    PersonalDataScanner image(String label, byte[] image, int... offsets) {
        for (int offset : offsets) {
            byte[] window = Arrays.copyOfRange(image, offset, offset + 48);
            bytePatterns.computeIfAbsent(label, k -> new ArrayList<>()).add(window);
            for (int shift = 0; shift < 3; shift++) {
                String base64 = Base64.getEncoder().encodeToString(Arrays.copyOfRange(image, offset + shift,
                        offset + shift + 45));
                String core = base64.substring(4, 40); // whole characters, whatever came before
                text(label, Pattern.compile(Pattern.quote(core)));
                text(label, Pattern.compile(Pattern.quote(core.replace('+', '-').replace('/', '_'))));
                bytes(label, core);
            }
            String hex = HexFormat.of().formatHex(Arrays.copyOfRange(image, offset, offset + 24));
            text(label, Pattern.compile(Pattern.quote(hex), Pattern.CASE_INSENSITIVE));
            bytes(label, hex);
            bytes(label, hex.toUpperCase(Locale.ROOT));
        }
        return this;
    }

    private void text(String label, Pattern pattern) {
        textPatterns.computeIfAbsent(label, k -> new ArrayList<>()).add(pattern);
    }

    private void bytes(String label, String value) {
        List<byte[]> needles = bytePatterns.computeIfAbsent(label, k -> new ArrayList<>());
        needles.add(value.getBytes(StandardCharsets.UTF_8));
        needles.add(value.getBytes(StandardCharsets.UTF_16LE));
        needles.add(value.getBytes(StandardCharsets.UTF_16BE));
    }

    /** The values found in one line of text. */
    List<Finding> scanText(String text, String where) {
        List<Finding> findings = new ArrayList<>();
        textPatterns.forEach((label, patterns) -> {
            for (Pattern pattern : patterns) {
                if (pattern.matcher(text).find()) {
                    findings.add(new Finding(label, where));
                    return;
                }
            }
        });
        return findings;
    }

    /** The values found in raw bytes. */
    List<Finding> scanBytes(byte[] data, String where) {
        List<Finding> findings = new ArrayList<>();
        bytePatterns.forEach((label, needles) -> {
            for (byte[] needle : needles) {
                if (indexOf(data, needle) >= 0) {
                    findings.add(new Finding(label, where + " (as " + describe(needle) + ")"));
                    return;
                }
            }
        });
        return findings;
    }

    /** Fails with every finding when any line holds a value. */
    void assertNoneIn(List<String> lines, String what) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            for (Finding finding : scanText(lines.get(i), what + " line " + (i + 1))) {
                found.add(finding + ": " + excerpt(lines.get(i)));
            }
        }
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " " + what + " line(s) hold personal data or secrets:\n  "
                    + String.join("\n  ", found.subList(0, Math.min(40, found.size()))));
        }
    }

    int size() {
        return textPatterns.size();
    }

    private static String describe(byte[] needle) {
        return needle.length + " bytes starting " + HexFormat.of().formatHex(needle, 0, Math.min(6, needle.length));
    }

    private static String excerpt(String line) {
        return line.length() > 500 ? line.substring(0, 500) + "…" : line;
    }

    static int indexOf(byte[] data, byte[] needle) {
        if (needle.length == 0) {
            return 0;
        }
        byte first = needle[0];
        int last = data.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (data[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
