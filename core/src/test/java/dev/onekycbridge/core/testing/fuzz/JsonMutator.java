package dev.onekycbridge.core.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded mutation generator for JSON inputs. Each case starts from one of the seed documents and stacks a few
 * mutations, first on the parsed tree (delete or duplicate a field, swap a value's type, huge numbers, deep
 * nesting, unicode and control characters, very long strings, values that look like personal data, renamed
 * keys, spliced subtrees), then sometimes on the bytes (bit flips, truncation, deleted or duplicated ranges,
 * invalid UTF-8, stray structural characters). The same master seed and case number always give the same case.
 *
 * <p>It lives in the core's test jar, which every module that fuzzes takes as a test dependency.
 */
public final class JsonMutator {
    /** Values that look like personal data; error messages must never repeat them. */
    public static final List<String> PII_LIKE = List.of("3171015505900001", "3208201808850001", "6281234567890",
            "+6281234567890", "081234567890", "siti.lestari@example.co.id", "budi@korban.example", "Siti Rahayu");

    private static final List<String> HUGE_NUMBERS = List.of("1e999999999", "-1e400", "1E-400", "1e99999999",
            "123456789012345678901234567890123456789", "9223372036854775808", "-9223372036854775809",
            "18446744073709551616", "-0", "0.000000000000000000000000000001", "1.7976931348623157E309",
            "3171015505900001.5", "1e19", "-1", "0", "4.9e-325", "2147483648", "1" + "0".repeat(1200),
            "9".repeat(5000) + ".5", "1e-2147483648", "1e2147483647", "9223372036854775807", "-9223372036854775808",
            "99999999999999999", "31556889864403200", "1e18");

    private static final List<String> ODD_TEXT = List.of("", " ", "\t\n", "\u0000", "null", "true", "COMPLETED ",
            " completed", "Completed", "\u202eDETELPMOC", "COMPL\u200bETED",
            "\uff23\uff2f\uff2d\uff30\uff2c\uff25\uff34\uff25\uff24", "COMPLETED\u0000",
            "\ud83d\ude00", "\ud800", "\udfff", "%s%n%x", "${jndi:ldap://x}", "<script>", "'; DROP TABLE x;--",
            "\\u0000", "../../etc/passwd", "VALID\r\nX-Injected: 1", "\u0085", "\u2028\u2029", "é", "e\u0301");

    private static final String[] INVALID_UTF8 = {"ff", "c080", "80", "e282", "eda080", "f888808080", "f4908080",
            "c3", "fe", "edbfbf", "e0808f", "f0828282"};

    private static final String STRUCTURAL = "{}[]\",:\\ \n0-e.tfn";

    private final List<String> seeds;
    private final long masterSeed;

    public JsonMutator(long masterSeed, List<String> seeds) {
        this.masterSeed = masterSeed;
        this.seeds = List.copyOf(seeds);
        for (String seed : seeds) {
            parse(seed); // fail fast on a mistyped seed
        }
    }

    /** One generated input: the bytes, the text they decode to, and how they were made. */
    public record Case(int number, long seed, int seedIndex, List<String> operations, byte[] bytes) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** Enough to reproduce the case, and a bounded excerpt of it. */
        public String describe() {
            String text = text();
            String excerpt = text.length() > 600
                    ? text.substring(0, 300) + " … " + text.substring(text.length() - 300) : text;
            return "case #" + number + " (seed " + seed + ", from seed document " + seedIndex + ", " + bytes.length
                    + " bytes) operations " + operations + ": " + excerpt.replaceAll("\\p{Cntrl}", "·");
        }
    }

    /** The case with this number; cases are independent of each other. */
    public Case next(int number) {
        long caseSeed = mix(masterSeed ^ (0x9E3779B97F4A7C15L * (number + 1L)));
        SplittableRandom random = new SplittableRandom(caseSeed);
        int seedIndex = random.nextInt(seeds.size());
        Object tree = parse(seeds.get(seedIndex));
        List<String> operations = new ArrayList<>();
        Holder root = new Holder(tree);
        int treeOps = random.nextInt(4);
        for (int i = 0; i < treeOps; i++) {
            mutateTree(random, root, operations);
        }
        byte[] bytes = write(root.value, random).getBytes(StandardCharsets.UTF_8);
        int byteOps = operations.isEmpty() ? 1 + random.nextInt(2) : (random.nextInt(5) == 0 ? 1 : 0);
        for (int i = 0; i < byteOps; i++) {
            bytes = mutateBytes(random, bytes, operations);
        }
        return new Case(number, caseSeed, seedIndex, operations, bytes);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---- the tree: objects keep duplicate keys, numbers keep their text ----

    /** A JSON object that may repeat a key. */
    public static final class Obj {
        public final List<String> keys = new ArrayList<>();
        public final List<Object> values = new ArrayList<>();
    }

    /** A number as written. */
    public record Num(String literal) {
    }

    /** Text written as it is, for what the tree cannot hold (very deep nesting, raw escapes). */
    public record Raw(String text) {
    }

    public enum Null { NULL }

    private static final class Holder {
        Object value;

        Holder(Object value) {
            this.value = value;
        }
    }

    /** A place in the tree: a field of an object, an element of an array, or the root. */
    private record Slot(Object parent, int index, String path) {
        Object get(Holder root) {
            if (parent instanceof Obj obj) {
                return obj.values.get(index);
            }
            if (parent instanceof List<?> list) {
                return list.get(index);
            }
            return root.value;
        }

        @SuppressWarnings("unchecked")
        void set(Holder root, Object value) {
            if (parent instanceof Obj obj) {
                obj.values.set(index, value);
            } else if (parent instanceof List<?> list) {
                ((List<Object>) list).set(index, value);
            } else {
                root.value = value;
            }
        }
    }

    private static List<Slot> slots(Holder root) {
        List<Slot> slots = new ArrayList<>();
        slots.add(new Slot(null, 0, "$"));
        collect(root.value, "$", slots);
        return slots;
    }

    private static void collect(Object node, String path, List<Slot> slots) {
        if (node instanceof Obj obj) {
            for (int i = 0; i < obj.keys.size(); i++) {
                String child = path + "." + obj.keys.get(i);
                slots.add(new Slot(obj, i, child));
                collect(obj.values.get(i), child, slots);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String child = path + "[" + i + "]";
                slots.add(new Slot(list, i, child));
                collect(list.get(i), child, slots);
            }
        }
    }

    private void mutateTree(SplittableRandom random, Holder root, List<String> operations) {
        List<Slot> slots = slots(root);
        Slot slot = slots.get(random.nextInt(slots.size()));
        Object current = slot.get(root);
        switch (random.nextInt(16)) {
            case 0 -> {
                if (slot.parent() instanceof Obj obj) {
                    obj.keys.remove(slot.index());
                    obj.values.remove(slot.index());
                    operations.add("delete " + slot.path());
                } else if (slot.parent() instanceof List<?> list) {
                    list.remove(slot.index());
                    operations.add("delete " + slot.path());
                } else {
                    root.value = new Obj();
                    operations.add("empty root");
                }
            }
            case 1 -> {
                if (slot.parent() instanceof Obj obj) {
                    Object copy = random.nextBoolean() ? copy(current) : randomValue(random, 2);
                    int at = random.nextInt(obj.keys.size() + 1);
                    obj.keys.add(at, obj.keys.get(slot.index()));
                    obj.values.add(at, copy);
                    operations.add("duplicate key " + slot.path());
                } else if (slot.parent() instanceof List<?> list) {
                    @SuppressWarnings("unchecked")
                    List<Object> elements = (List<Object>) list;
                    elements.add(slot.index(), copy(current));
                    operations.add("duplicate element " + slot.path());
                }
            }
            case 2, 3 -> {
                Object replacement = otherType(random, current);
                slot.set(root, replacement);
                operations.add("type swap " + slot.path() + " -> " + kind(replacement));
            }
            case 4 -> {
                String literal = HUGE_NUMBERS.get(random.nextInt(HUGE_NUMBERS.size()));
                boolean quoted = random.nextInt(3) == 0;
                slot.set(root, quoted ? literal : new Num(literal));
                operations.add("huge number " + slot.path() + (quoted ? " as text" : ""));
            }
            case 5 -> {
                int depth = new int[] {10, 64, 255, 256, 300, 1000, 1001, 5000, 50_000}[random.nextInt(9)];
                boolean arrays = random.nextBoolean();
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < depth; i++) {
                    text.append(arrays ? "[" : "{\"a\":");
                }
                text.append(write(current, random));
                for (int i = 0; i < depth; i++) {
                    text.append(arrays ? "]" : "}");
                }
                slot.set(root, new Raw(text.toString()));
                operations.add("nest " + slot.path() + " " + depth + (arrays ? " arrays" : " objects"));
            }
            case 6, 7 -> {
                String text = current instanceof String string ? string : write(current, new SplittableRandom(0));
                int at = random.nextInt(text.length() + 1);
                String odd = ODD_TEXT.get(random.nextInt(ODD_TEXT.size()));
                slot.set(root, text.substring(0, at) + odd + text.substring(at));
                operations.add("unicode " + slot.path());
            }
            case 8 -> {
                int length = new int[] {256, 4096, 65_536, 300_000, 1_100_000}[random.nextInt(5)];
                String unit = random.nextBoolean() ? "A" : PII_LIKE.get(random.nextInt(PII_LIKE.size())) + " ";
                slot.set(root, unit.repeat(length / unit.length() + 1).substring(0, length));
                operations.add("long string " + slot.path() + " " + length);
            }
            case 9, 10 -> {
                String pii = PII_LIKE.get(random.nextInt(PII_LIKE.size()));
                boolean asNumber = pii.chars().allMatch(Character::isDigit) && random.nextBoolean();
                slot.set(root, asNumber ? new Num(pii) : pii);
                operations.add("personal-looking value " + slot.path());
            }
            case 11 -> {
                if (slot.parent() instanceof Obj obj) {
                    String key = obj.keys.get(slot.index());
                    String renamed = switch (random.nextInt(5)) {
                        case 0 -> key.toUpperCase(java.util.Locale.ROOT);
                        case 1 -> key + " ";
                        case 2 -> "";
                        case 3 -> key.isEmpty() ? "\u0000" : key.substring(0, key.length() - 1);
                        default -> key + "\u0000";
                    };
                    obj.keys.set(slot.index(), renamed);
                    operations.add("rename key " + slot.path());
                }
            }
            case 12 -> {
                List<Slot> objects = slots.stream().filter(s -> s.get(root) instanceof Obj).toList();
                if (!objects.isEmpty()) {
                    Slot target = objects.get(random.nextInt(objects.size()));
                    Obj obj = (Obj) target.get(root);
                    String key = new String[] {"status", "submissionId", "result", "data", "success", "errors",
                            "submissionDetails", "ktpData", "nik", "__proto__", "x"}[random.nextInt(11)];
                    obj.keys.add(key);
                    obj.values.add(randomValue(random, 3));
                    operations.add("add field " + target.path() + "." + key);
                }
            }
            case 13 -> {
                Object donor = parse(seeds.get(random.nextInt(seeds.size())));
                List<Slot> donorSlots = slots(new Holder(donor));
                Slot from = donorSlots.get(random.nextInt(donorSlots.size()));
                slot.set(root, copy(from.get(new Holder(donor))));
                operations.add("splice " + from.path() + " into " + slot.path());
            }
            case 14 -> {
                Obj envelope = new Obj();
                boolean success = random.nextBoolean();
                envelope.keys.add("success");
                envelope.values.add(random.nextInt(4) == 0 ? "true" : success);
                envelope.keys.add(success ? "data" : "errors");
                envelope.values.add(success ? root.value : new ArrayList<>(List.of(root.value)));
                root.value = envelope;
                operations.add("wrap in " + (success ? "success" : "error") + " envelope");
            }
            default -> {
                if (current instanceof Num num) {
                    slot.set(root, num.literal());
                    operations.add("number as text " + slot.path());
                } else if (current instanceof String text && text.matches("-?\\d{1,30}")) {
                    slot.set(root, new Num(text));
                    operations.add("text as number " + slot.path());
                } else if (current instanceof Boolean bool) {
                    slot.set(root, random.nextBoolean() ? bool.toString() : new Num(bool ? "1" : "0"));
                    operations.add("boolean as text or number " + slot.path());
                } else {
                    slot.set(root, ODD_TEXT.get(random.nextInt(ODD_TEXT.size())));
                    operations.add("odd text " + slot.path());
                }
            }
        }
    }

    private static String kind(Object value) {
        if (value instanceof Obj) {
            return "object";
        }
        if (value instanceof List<?>) {
            return "array";
        }
        if (value instanceof Num) {
            return "number";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return "null";
    }

    private static Object otherType(SplittableRandom random, Object current) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Object candidate = randomValue(random, 2);
            if (!kind(candidate).equals(kind(current))) {
                return candidate;
            }
        }
        return Null.NULL;
    }

    private static Object randomValue(SplittableRandom random, int depth) {
        int pick = random.nextInt(depth <= 0 ? 4 : 6);
        return switch (pick) {
            case 0 -> Null.NULL;
            case 1 -> random.nextBoolean();
            case 2 -> new Num(switch (random.nextInt(4)) {
                case 0 -> Integer.toString(random.nextInt());
                case 1 -> Long.toString(random.nextLong());
                case 2 -> Double.toString(random.nextDouble() * 1e6);
                default -> HUGE_NUMBERS.get(random.nextInt(HUGE_NUMBERS.size()));
            });
            case 3 -> random.nextBoolean() ? ODD_TEXT.get(random.nextInt(ODD_TEXT.size()))
                    : PII_LIKE.get(random.nextInt(PII_LIKE.size()));
            case 4 -> {
                List<Object> list = new ArrayList<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    list.add(randomValue(random, depth - 1));
                }
                yield list;
            }
            default -> {
                Obj obj = new Obj();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    obj.keys.add(new String[] {"status", "result", "nik", "a", ""}[random.nextInt(5)]);
                    obj.values.add(randomValue(random, depth - 1));
                }
                yield obj;
            }
        };
    }

    private static Object copy(Object node) {
        if (node instanceof Obj obj) {
            Obj copy = new Obj();
            copy.keys.addAll(obj.keys);
            obj.values.forEach(value -> copy.values.add(copy(value)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(value -> copy.add(copy(value)));
            return copy;
        }
        return node;
    }

    // ---- bytes ----

    private static byte[] mutateBytes(SplittableRandom random, byte[] bytes, List<String> operations) {
        int length = bytes.length;
        int at = length == 0 ? 0 : random.nextInt(length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 16);
        switch (random.nextInt(9)) {
            case 0 -> {
                byte[] copy = bytes.clone();
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips && copy.length > 0; i++) {
                    int index = random.nextInt(copy.length);
                    copy[index] ^= (byte) (1 << random.nextInt(8));
                }
                operations.add("flip " + flips + " bit(s)");
                return copy;
            }
            case 1 -> {
                operations.add("truncate at " + at);
                return java.util.Arrays.copyOf(bytes, at);
            }
            case 2 -> {
                int end = Math.min(length, at + 1 + random.nextInt(32));
                out.write(bytes, 0, at);
                out.write(bytes, end, length - end);
                operations.add("delete bytes " + at + ".." + end);
            }
            case 3 -> {
                int end = Math.min(length, at + 1 + random.nextInt(64));
                out.write(bytes, 0, end);
                out.write(bytes, at, end - at);
                out.write(bytes, end, length - end);
                operations.add("duplicate bytes " + at + ".." + end);
            }
            case 4, 5 -> {
                String hex = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
                out.write(bytes, 0, at);
                out.writeBytes(HexFormat.of().parseHex(hex));
                out.write(bytes, at, length - at);
                operations.add("invalid UTF-8 " + hex + " at " + at);
            }
            case 6 -> {
                out.write(bytes, 0, at);
                byte[] noise = new byte[1 + random.nextInt(8)];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (byte) random.nextInt(256);
                }
                out.writeBytes(noise);
                out.write(bytes, at, length - at);
                operations.add("insert " + noise.length + " random byte(s) at " + at);
            }
            case 7 -> {
                byte[] copy = bytes.clone();
                if (copy.length > 0) {
                    int index = random.nextInt(copy.length);
                    copy[index] = (byte) STRUCTURAL.charAt(random.nextInt(STRUCTURAL.length()));
                    operations.add("structural character at " + index);
                }
                return copy;
            }
            default -> {
                String extra = new String[] {"\uFEFF", "/*c*/", "//c\n", "\u0000", " garbage", "}", ",", "{}"}
                        [random.nextInt(8)];
                boolean front = random.nextBoolean();
                if (front) {
                    out.writeBytes(extra.getBytes(StandardCharsets.UTF_8));
                }
                out.writeBytes(bytes);
                if (!front) {
                    out.writeBytes(extra.getBytes(StandardCharsets.UTF_8));
                }
                operations.add((front ? "prefix " : "suffix ") + HexFormat.of().formatHex(
                        extra.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out.toByteArray();
    }

    // ---- reading and writing ----

    /** Reads a well-formed seed document. */
    public static Object parse(String json) {
        Parser parser = new Parser(json);
        Object value = parser.value();
        parser.skipSpace();
        if (parser.at != json.length()) {
            throw new IllegalArgumentException("seed has content after its value at " + parser.at);
        }
        return value;
    }

    /** Writes the tree; strings are escaped as JSON requires, control characters sometimes left raw. */
    public static String write(Object node, SplittableRandom random) {
        StringBuilder out = new StringBuilder();
        write(node, out, random);
        return out.toString();
    }

    private static void write(Object node, StringBuilder out, SplittableRandom random) {
        if (node instanceof Obj obj) {
            out.append('{');
            for (int i = 0; i < obj.keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(obj.keys.get(i), out, random);
                out.append(':');
                write(obj.values.get(i), out, random);
            }
            out.append('}');
        } else if (node instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out, random);
            }
            out.append(']');
        } else if (node instanceof String text) {
            string(text, out, random);
        } else if (node instanceof Num num) {
            out.append(num.literal());
        } else if (node instanceof Raw raw) {
            out.append(raw.text());
        } else if (node instanceof Boolean bool) {
            out.append(bool);
        } else {
            out.append("null");
        }
    }

    private static void string(String text, StringBuilder out, SplittableRandom random) {
        out.append('"');
        boolean rawControls = random.nextInt(20) == 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 && !rawControls) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)))) {
                out.append(String.format("\\u%04x", (int) c)); // a lone surrogate, escaped as JSON allows
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** A strict reader for the seeds, which are well-formed. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        Object value() {
            skipSpace();
            char c = text.charAt(at);
            if (c == '{') {
                at++;
                Obj obj = new Obj();
                skipSpace();
                if (text.charAt(at) == '}') {
                    at++;
                    return obj;
                }
                while (true) {
                    skipSpace();
                    String key = string();
                    skipSpace();
                    expect(':');
                    obj.keys.add(key);
                    obj.values.add(value());
                    skipSpace();
                    if (text.charAt(at) == ',') {
                        at++;
                    } else {
                        expect('}');
                        return obj;
                    }
                }
            }
            if (c == '[') {
                at++;
                List<Object> list = new ArrayList<>();
                skipSpace();
                if (text.charAt(at) == ']') {
                    at++;
                    return list;
                }
                while (true) {
                    list.add(value());
                    skipSpace();
                    if (text.charAt(at) == ',') {
                        at++;
                    } else {
                        expect(']');
                        return list;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            if (text.startsWith("true", at)) {
                at += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("false", at)) {
                at += 5;
                return Boolean.FALSE;
            }
            if (text.startsWith("null", at)) {
                at += 4;
                return Null.NULL;
            }
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            if (start == at) {
                throw new IllegalArgumentException("seed is not JSON at " + at);
            }
            return new Num(text.substring(start, at));
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (text.charAt(at) != '"') {
                char c = text.charAt(at++);
                if (c == '\\') {
                    char escaped = text.charAt(at++);
                    switch (escaped) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> out.append(escaped);
                    }
                } else {
                    out.append(c);
                }
            }
            at++;
            return out.toString();
        }

        private void expect(char c) {
            if (text.charAt(at) != c) {
                throw new IllegalArgumentException("seed expected '" + c + "' at " + at);
            }
            at++;
        }
    }
}
