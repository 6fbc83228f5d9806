package dev.onekycbridge.adapter.web.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Production bugs the web fuzz has found, each pinned by a disabled test in {@link KnownWebBugsTest}. A 500 whose
 * request matches one of these is counted instead of failing the fuzz, so that it keeps looking for new ones;
 * delete the entry together with the {@code @Disabled} once the bug is fixed.
 */
enum KnownWebBug {
    /**
     * {@code MultipartForm.text} reads a {@code details} file part with {@code Files.readString(path, UTF_8)},
     * which throws MalformedInputException (an IOException) on bytes that are not UTF-8: 500 instead of 400.
     */
    DETAILS_FILE_NOT_UTF8,
    /**
     * {@code PartnerRequests.Reader.text} turns a JSON number into text with {@code new BigDecimal(number
     * .toString())}; a number beyond the double range (1e400, -1e999999999) is parsed as an infinite Double, whose
     * text "Infinity" throws NumberFormatException: 500 instead of 400.
     */
    NUMBER_BEYOND_DOUBLE;

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?[eE][+-]?\\d+");

    static KnownWebBug matching(boolean detailsAsFile, byte[] mutated) {
        if (detailsAsFile && !isUtf8(mutated)) {
            return DETAILS_FILE_NOT_UTF8;
        }
        Matcher numbers = NUMBER.matcher(new String(mutated, StandardCharsets.UTF_8));
        while (numbers.find()) {
            if (Double.isInfinite(Double.parseDouble(numbers.group()))) {
                return NUMBER_BEYOND_DOUBLE;
            }
        }
        return null;
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
