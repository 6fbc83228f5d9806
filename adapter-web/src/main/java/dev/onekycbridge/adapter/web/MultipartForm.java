package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.validation.FieldError;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a multipart request, as the body handler left them: text fields in memory, files in the
 * uploads directory (deleted when the response ends). The {@code details} JSON may come as a text field or as
 * a file part.
 */
final class MultipartForm {
    private static final System.Logger LOG = System.getLogger(MultipartForm.class.getName());
    /** The part holding the request's JSON details, as a text part or a file part. */
    static final String DETAILS = "details";
    private final Map<String, List<String>> fields;
    private final Map<String, List<FileUpload>> files;

    private MultipartForm(Map<String, List<String>> fields, Map<String, List<FileUpload>> files) {
        this.fields = fields;
        this.files = files;
    }

    /**
     * Reads the parts of the request and checks the sizes of the image parts, and of the details sent as a file
     * part: the body handler limits the text parts it holds, but a file part goes to disk whatever its size, and
     * the details are read whole into memory.
     *
     * @throws ProblemException 413 when an image part is larger than {@code imageSizeLimit}, or the details sent as
     *     a file part larger than {@code detailsLimit}
     */
    static MultipartForm of(RoutingContext ctx, List<String> imageParts, long imageSizeLimit, long detailsLimit) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        ctx.request().formAttributes().forEach(entry -> fields.computeIfAbsent(entry.getKey(),
                name -> new ArrayList<>()).add(entry.getValue()));
        Map<String, List<FileUpload>> files = new LinkedHashMap<>();
        for (FileUpload upload : ctx.fileUploads()) {
            files.computeIfAbsent(upload.name(), name -> new ArrayList<>()).add(upload);
        }
        List<FieldError> tooLarge = new ArrayList<>();
        for (String part : imageParts) {
            for (FileUpload upload : files.getOrDefault(part, List.of())) {
                if (upload.size() > imageSizeLimit) {
                    tooLarge.add(new FieldError(part, "must be at most " + imageSizeLimit + " bytes"));
                }
            }
        }
        for (FileUpload upload : files.getOrDefault(DETAILS, List.of())) {
            if (upload.size() > detailsLimit) {
                tooLarge.add(new FieldError(DETAILS, "must be at most " + detailsLimit + " bytes"));
            }
        }
        if (!tooLarge.isEmpty()) {
            throw new ProblemException(Problem.Kind.PAYLOAD_TOO_LARGE.problem(
                    tooLarge.stream().allMatch(e -> e.field().equals(DETAILS)) ? "the details are too large"
                            : "an image is too large", tooLarge));
        }
        return new MultipartForm(fields, files);
    }

    /**
     * Refuses the request with 503 when a file part's uploaded copy is shorter than the part: the uploads
     * folder's disk filled up while it was written, which the body handler does not fail the request for. Taken
     * as it is, a cut-off image would be sent to the platform. Blocking: it reads the copies' sizes.
     */
    void requireWhole() {
        requireWhole(files.values().stream().flatMap(List::stream).toList());
    }

    static void requireWhole(List<FileUpload> uploads) {
        for (FileUpload upload : uploads) {
            long written;
            try {
                written = Files.size(Path.of(upload.uploadedFileName()));
            } catch (IOException e) {
                written = -1;
            }
            if (written != upload.size()) {
                LOG.log(System.Logger.Level.WARNING, "the uploaded copy of part '" + (PlainName.test(upload.name())
                        ? upload.name() : "?") + "' holds " + written + " of its " + upload.size() + " bytes: is"
                        + " the uploads folder's disk full? The request is refused with 503");
                throw new ProblemException(Problem.Kind.UNAVAILABLE.problem("an uploaded part could not be kept"
                        + " whole; send the request again later"));
            }
        }
    }

    /** Problems with a file part that must be sent exactly once, added to {@code errors}. */
    void checkFile(String part, List<FieldError> errors) {
        List<FileUpload> uploads = files.getOrDefault(part, List.of());
        if (uploads.isEmpty()) {
            errors.add(new FieldError(part, fields.containsKey(part) ? "must be a file part" : "is required"));
        } else if (count(part) > 1) {
            errors.add(new FieldError(part, "must be sent once"));
        }
    }

    /** The file part, streamed from its uploaded copy, or null when it is absent. */
    DocumentSource file(String part) {
        List<FileUpload> uploads = files.getOrDefault(part, List.of());
        return uploads.size() != 1 ? null : DocumentSource.ofFile(Path.of(uploads.get(0).uploadedFileName()));
    }

    /**
     * The text of a field sent as a text part or a file part (blocking: a file part is read from disk), or
     * null with an error added when it is absent.
     */
    String text(String part, List<FieldError> errors) throws IOException {
        // Sent twice (two text parts, or a text and a file part), neither copy is taken: they may differ.
        if (count(part) != 1) {
            errors.add(new FieldError(part, count(part) == 0 ? "is required" : "must be sent once"));
            return null;
        }
        List<String> field = fields.get(part);
        if (field != null) {
            return field.get(0);
        }
        try {
            return Files.readString(Path.of(files.get(part).get(0).uploadedFileName()), StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            errors.add(new FieldError(part, "must be UTF-8 text"));
            return null;
        }
    }

    /**
     * An error for each part named otherwise than {@code expected}, added to {@code errors}: a part that nothing
     * reads is a partner's mistake (a misspelt or miscased name, a selfie sent to a KTP scan), not to be
     * dropped unseen. A name is repeated only when it is short and plain.
     */
    void checkNoOtherParts(List<String> expected, List<FieldError> errors) {
        Set<String> names = new LinkedHashSet<>(fields.keySet());
        names.addAll(files.keySet());
        String takes = String.join(", ", expected);
        boolean oddNameReported = false;
        for (String name : names) {
            if (expected.contains(name)) {
                continue;
            }
            if (PlainName.test(name)) {
                errors.add(new FieldError(name, "is not a part of this request, which takes " + takes));
            } else if (!oddNameReported) {
                errors.add(new FieldError("parts", "include one named otherwise than " + takes));
                oddNameReported = true;
            }
        }
    }

    /** How many parts, text or file, carry this name. */
    private int count(String part) {
        return fields.getOrDefault(part, List.of()).size() + files.getOrDefault(part, List.of()).size();
    }
}
