package dev.onekycbridge.app.privacy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for personal values and secrets in text (log lines) and in raw bytes (database files). Each value is
 * searched in the forms it may take: digits with or without separators (a NIK, a phone number in its 08…, 62…
 * and +62… forms), a date in its usual layouts, text in any letter case, URL-encoded text, UTF-8 and UTF-16
 * bytes, a NIK as a 64-bit number's little- and big-endian bytes, and an image's bytes raw, in base64 (at every
 * alignment) and in hex. Every text value is also looked for in base64 (standard and URL-safe, at each of the
 * three alignments it can have inside a longer encoded text), in hex, \\u-escaped as JSON may write it, and a
 * personal one also as its SHA-256 (in hex and base64, and raw in bytes): a hash of a NIK, a phone number or a
 * birth date is found again by hashing every candidate. No encoded form shorter than {@link #MIN_ENCODED}
 * characters is looked for, so that none turns up by chance.
 */
final class PersonalDataScanner {
    static final int MIN_ENCODED = 8;
    private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("dd-MM-uuuu");
    private static final Pattern HEX_ESCAPE = Pattern.compile("\\\\u([0-9a-f]{4})");

    /** One place a value was found. */
    record Finding(String value, String where) {
        @Override
        public String toString() {
            return value + " in " + where;
        }
    }

    /** What one value is looked for as in text: patterns, exact strings, and strings in any letter case. */
    private static final class TextForms {
        final List<Pattern> patterns = new ArrayList<>();
        final Set<String> exact = new LinkedHashSet<>();
        /** In small letters, as the text is compared. */
        final Set<String> anyCase = new LinkedHashSet<>();
    }

    private record Needle(String label, byte[] bytes) {
    }

    private final Map<String, TextForms> textForms = new LinkedHashMap<>();
    private final Map<String, List<byte[]>> bytePatterns = new LinkedHashMap<>();
    /** The byte needles by their first two bytes, built at the first byte scan. */
    private List<Needle>[] byFirstTwoBytes;

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
        forms(label).patterns.add(Pattern.compile(regex.toString()));
        bytes(label, only);
        encoded(label, List.of(only));
        return this;
    }

    /** A NIK: its digits, and its value as a 64-bit number in binary. */
    PersonalDataScanner nik(String label, String nik) {
        digits(label, nik);
        hashed(label, List.of(nik));
        long value = Long.parseLong(nik);
        needles(label).add(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(value).array());
        needles(label).add(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        return this;
    }

    /**
     * A phone number: the national number, which its 08…, 62… and +62… forms all contain (and so do their
     * encodings, looked for at every alignment); each form is hashed on its own.
     */
    PersonalDataScanner phone(String label, String phone) {
        String digits = phone.replaceAll("\\D", "");
        String national = digits.startsWith("62") ? digits.substring(2) : digits.startsWith("0") ? digits.substring(1)
                : digits;
        digits(label, national);
        hashed(label, List.of(national, "0" + national, "62" + national, "+62" + national));
        return this;
    }

    /**
     * A date given as dd-MM-yyyy, in that layout and as yyyy-MM-dd, dd/MM/yyyy and yyyyMMdd. The last is digits
     * alone, so in text it counts only where no digit stands either side: a longer number that holds it is not it.
     */
    PersonalDataScanner date(String label, String dayMonthYear) {
        LocalDate date = LocalDate.parse(dayMonthYear, DAY_MONTH_YEAR);
        String compact = date.format(DateTimeFormatter.BASIC_ISO_DATE);
        List<String> layouts = List.of(dayMonthYear, date.toString(),
                date.format(DateTimeFormatter.ofPattern("dd/MM/uuuu")), compact);
        for (String layout : layouts) {
            if (layout.equals(compact)) {
                forms(label).patterns.add(Pattern.compile("(?<!\\d)" + compact + "(?!\\d)"));
            } else {
                forms(label).exact.add(layout);
                forms(label).exact.add(java.net.URLEncoder.encode(layout, StandardCharsets.UTF_8));
            }
            bytes(label, layout);
        }
        encoded(label, layouts);
        hashed(label, layouts);
        return this;
    }

    /** Text in any letter case, with any run of white space where it has one, and URL-encoded. */
    PersonalDataScanner words(String label, String value) {
        String[] parts = value.strip().split("\\s+");
        String regex = String.join("\\s+", Arrays.stream(parts).map(Pattern::quote).toList());
        forms(label).patterns.add(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        String encoded = java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        if (!encoded.equals(value)) {
            forms(label).anyCase.add(encoded.toLowerCase(Locale.ROOT));
            forms(label).anyCase.add(encoded.replace("+", "%20").toLowerCase(Locale.ROOT));
        }
        List<String> cases = cases(value);
        cases.forEach(form -> bytes(label, form));
        encoded(label, cases);
        hashed(label, cases);
        return this;
    }

    /** A secret or token: exactly, URL-encoded, and in the encodings of every text value, but not hashed. */
    PersonalDataScanner exact(String label, String value) {
        forms(label).exact.add(value);
        String encoded = java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        if (!encoded.equals(value)) {
            forms(label).exact.add(encoded);
        }
        bytes(label, value);
        encoded(label, List.of(value));
        return this;
    }

    /**
     * An image: windows of its bytes raw (for bytes) and, for text and bytes, in base64 at each of the three
     * alignments and in hex.
     */
    PersonalDataScanner image(String label, byte[] image, int... offsets) {
        for (int offset : offsets) {
            byte[] window = Arrays.copyOfRange(image, offset, offset + 48);
            needles(label).add(window);
            for (int shift = 0; shift < 3; shift++) {
                String base64 = Base64.getEncoder().encodeToString(Arrays.copyOfRange(image, offset + shift,
                        offset + shift + 45));
                String core = base64.substring(4, 40); // whole characters, whatever came before
                forms(label).exact.add(core);
                forms(label).exact.add(core.replace('+', '-').replace('/', '_'));
                bytes(label, core);
            }
            String hex = HexFormat.of().formatHex(Arrays.copyOfRange(image, offset, offset + 24));
            forms(label).anyCase.add(hex);
            bytes(label, hex);
            bytes(label, hex.toUpperCase(Locale.ROOT));
        }
        return this;
    }

    /** The value as given, in capitals and in small letters. */
    private static List<String> cases(String value) {
        return List.copyOf(new LinkedHashSet<>(List.of(value, value.toUpperCase(Locale.ROOT),
                value.toLowerCase(Locale.ROOT))));
    }

    /** Each form's UTF-8 bytes in base64 and in hex, and \\u-escaped. */
    private void encoded(String label, Collection<String> values) {
        for (String value : values) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            base64(label, utf8);
            hex(label, utf8);
            for (String escaped : jsonEscaped(value)) {
                if (longEnough(escaped, forms(label).anyCase, label)) {
                    bytes(label, HEX_ESCAPE.matcher(escaped).replaceAll(
                            escape -> Matcher.quoteReplacement("\\u" + escape.group(1).toUpperCase(Locale.ROOT))));
                }
            }
        }
    }

    /** Each form's SHA-256: in hex and base64 in text and bytes, and as the raw digest in bytes. */
    private void hashed(String label, Collection<String> values) {
        for (String value : values) {
            byte[] digest = sha256(value.getBytes(StandardCharsets.UTF_8));
            needles(label).add(digest);
            base64(label, digest);
            hex(label, digest);
        }
    }

    private void base64(String label, byte[] bytes) {
        for (String core : base64Cores(bytes)) {
            longEnough(core, forms(label).exact, label);
            longEnough(core.replace('+', '-').replace('/', '_'), forms(label).exact, label);
        }
    }

    private void hex(String label, byte[] bytes) {
        String hex = HexFormat.of().formatHex(bytes);
        if (longEnough(hex, forms(label).anyCase, label)) {
            bytes(label, hex.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * The base64 characters that the bytes alone decide, when they start at each of the three positions of a
     * 3-byte group: a character that also holds bits of what comes before or after is left out.
     */
    static List<String> base64Cores(byte[] bytes) {
        List<String> cores = new ArrayList<>();
        for (int shift = 0; shift < 3; shift++) {
            byte[] shifted = new byte[shift + bytes.length];
            System.arraycopy(bytes, 0, shifted, shift, bytes.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            int first = (8 * shift + 5) / 6;
            int end = 8 * (shift + bytes.length) / 6;
            if (end > first) {
                cores.add(encoded.substring(first, end));
            }
        }
        return cores;
    }

    /**
     * The forms a JSON writer may give text: every character \\u-escaped; only the characters outside ASCII and
     * those an HTML-safe writer escapes; and with each / written \/.
     */
    static List<String> jsonEscaped(String value) {
        StringBuilder all = new StringBuilder();
        StringBuilder some = new StringBuilder();
        for (char c : value.toCharArray()) {
            String escaped = String.format("\\u%04x", (int) c);
            all.append(escaped);
            some.append(c > 0x7E || "<>&='".indexOf(c) >= 0 ? escaped : String.valueOf(c));
        }
        Set<String> forms = new LinkedHashSet<>(List.of(all.toString(), some.toString(), value.replace("/", "\\/")));
        forms.remove(value);
        return List.copyOf(forms);
    }

    /** Adds the form, for text and bytes, if it is long enough not to turn up by chance. */
    private boolean longEnough(String form, Set<String> textForms, String label) {
        if (form.length() < MIN_ENCODED) {
            return false;
        }
        textForms.add(textForms == forms(label).anyCase ? form.toLowerCase(Locale.ROOT) : form);
        bytes(label, form);
        return true;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private TextForms forms(String label) {
        return textForms.computeIfAbsent(label, k -> new TextForms());
    }

    private List<byte[]> needles(String label) {
        byFirstTwoBytes = null;
        return bytePatterns.computeIfAbsent(label, k -> new ArrayList<>());
    }

    private void bytes(String label, String value) {
        List<byte[]> needles = needles(label);
        needles.add(value.getBytes(StandardCharsets.UTF_8));
        needles.add(value.getBytes(StandardCharsets.UTF_16LE));
        needles.add(value.getBytes(StandardCharsets.UTF_16BE));
    }

    /** The values found in one line of text. */
    List<Finding> scanText(String text, String where) {
        List<Finding> findings = new ArrayList<>();
        String lowerCase = text.toLowerCase(Locale.ROOT);
        textForms.forEach((label, forms) -> {
            if (forms.exact.stream().anyMatch(text::contains)
                    || forms.anyCase.stream().anyMatch(lowerCase::contains)
                    || forms.patterns.stream().anyMatch(pattern -> pattern.matcher(text).find())) {
                findings.add(new Finding(label, where));
            }
        });
        return findings;
    }

    /** The values found in raw bytes. */
    List<Finding> scanBytes(byte[] data, String where) {
        List<Needle>[] index = index();
        Map<String, byte[]> found = new LinkedHashMap<>();
        for (int i = 0; i + 1 < data.length; i++) {
            List<Needle> candidates = index[(data[i] & 0xFF) << 8 | data[i + 1] & 0xFF];
            if (candidates == null) {
                continue;
            }
            for (Needle needle : candidates) {
                if (!found.containsKey(needle.label()) && matchesAt(data, i, needle.bytes())) {
                    found.put(needle.label(), needle.bytes());
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (String label : bytePatterns.keySet()) {
            if (found.containsKey(label)) {
                findings.add(new Finding(label, where + " (as " + describe(found.get(label)) + ")"));
            }
        }
        return findings;
    }

    @SuppressWarnings("unchecked")
    private List<Needle>[] index() {
        if (byFirstTwoBytes == null) {
            List<Needle>[] index = new List[1 << 16];
            bytePatterns.forEach((label, needles) -> {
                for (byte[] needle : needles) {
                    if (needle.length < 2) {
                        throw new IllegalArgumentException("a needle of " + needle.length + " byte(s) for " + label);
                    }
                    int key = (needle[0] & 0xFF) << 8 | needle[1] & 0xFF;
                    if (index[key] == null) {
                        index[key] = new ArrayList<>();
                    }
                    index[key].add(new Needle(label, needle));
                }
            });
            byFirstTwoBytes = index;
        }
        return byFirstTwoBytes;
    }

    private static boolean matchesAt(byte[] data, int at, byte[] needle) {
        if (at + needle.length > data.length) {
            return false;
        }
        for (int j = 2; j < needle.length; j++) {
            if (data[at + j] != needle[j]) {
                return false;
            }
        }
        return true;
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

    /** How many values are looked for. */
    int size() {
        return textForms.size();
    }

    /** How many forms of them are looked for, in text and in bytes. */
    int forms() {
        int text = textForms.values().stream()
                .mapToInt(forms -> forms.patterns.size() + forms.exact.size() + forms.anyCase.size()).sum();
        return text + bytePatterns.values().stream().mapToInt(List::size).sum();
    }

    private static String describe(byte[] needle) {
        return needle.length + " bytes starting " + HexFormat.of().formatHex(needle, 0, Math.min(6, needle.length));
    }

    private static String excerpt(String line) {
        return line.length() > 500 ? line.substring(0, 500) + "…" : line;
    }
}
