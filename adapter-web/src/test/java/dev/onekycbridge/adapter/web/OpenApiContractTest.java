package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.port.in.FlowNotConfiguredException;
import dev.onekycbridge.core.port.out.PlatformError;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.port.out.StoredDataUnreadableException;
import dev.onekycbridge.core.port.out.SubmissionQuery;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.HistoryKind;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document says what the running service does, operation by operation: the parameters each one reads,
 * every status it answers with (and no other), the content type and headers of each answer, and the enums, bounds
 * and members of the values it takes and gives.
 */
class OpenApiContractTest extends VertxTest {
    private static final String KEY = "partner-api-key";
    private static final String CALLBACK_AUTH = "Bearer callback-secret";
    private static final String[] WITH_KEY = {"Authorization", "Bearer " + KEY};
    private static final long REQUEST_BODY_LIMIT = 64 * 1024;
    private static final long CALLBACK_BODY_LIMIT = 4096;
    /** Short, for the 408 of a stalled body; the other requests arrive at once on loopback. */
    private static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofMillis(500);
    private static final String CALLBACK_BODY = "{\"submissionId\":\"%s\",\"status\":\"COMPLETED\",\"result\":\"VALID\"}";

    private final Map<String, Object> document = readDocument();
    private TestBridge bridge;
    /** Each request that leaves a member out is another user's, so that one taken is no conflict for the next. */
    private int otherUsers;

    @BeforeEach
    void start() {
        bridge = TestBridge.start(vertx, config -> config.withApiKey(KEY).withCallbackAuth(CALLBACK_AUTH)
                .withAllowedCallbackCidrs(List.of("127.0.0.1/32")).withTrustedProxies(List.of("127.0.0.1/32"))
                .withRequestBodyLimit(REQUEST_BODY_LIMIT).withCallbackBodyLimit(CALLBACK_BODY_LIMIT)
                .withRequestTimeout(REQUEST_TIMEOUT));
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void everyOperationDocumentsExactlyTheAnswersItGivesWithTheirContentTypesAndHeaders() {
        Map<String, Map<Integer, Supplier<HttpResponseData>>> scenarios = scenarios();
        assertThat(operations().keySet()).isEqualTo(scenarios.keySet());

        for (var operation : operations().entrySet()) {
            String name = operation.getKey();
            Map<String, Object> responses = map(operation.getValue().get("responses"));
            Set<Integer> documented = responses.keySet().stream().map(Integer::valueOf)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(documented).as(name).isEqualTo(new TreeSet<>(scenarios.get(name).keySet()));

            for (var scenario : scenarios.get(name).entrySet()) {
                int status = scenario.getKey();
                HttpResponseData response = scenario.getValue().get();
                String what = name + " " + status;
                assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(status);

                Map<String, Object> answer = resolve(responses.get(Integer.toString(status)));
                Set<String> types = map(answer.get("content")).keySet();
                assertThat(types).as(what).anySatisfy(type -> assertThat(response.contentType()).startsWith(type));
                for (String header : map(answer.get("headers")).keySet()) {
                    if (!header.equals("Idempotent-Replayed")) {
                        assertThat(response.header(header)).as(what + " " + header).isNotNull();
                    }
                }
                if (response.contentType().startsWith(Problem.CONTENT_TYPE)) {
                    assertThat(properties("Problem")).as(what).containsAll(response.json().fieldNames());
                }
            }
        }
    }

    @Test
    void everyDocumentedParameterIsReadByItsOperation() {
        String id = UUID.randomUUID().toString();
        for (var operation : operations().entrySet()) {
            String method = operation.getKey().split(" ")[0];
            String path = operation.getKey().split(" ")[1];
            for (Object reference : list(operation.getValue().get("parameters"))) {
                Map<String, Object> parameter = resolve(reference);
                String name = (String) parameter.get("name");
                HttpResponseData response = switch ((String) parameter.get("in")) {
                    case "query" -> bridge.get(path.replace("{id}", id) + "?" + name + "=~x~&" + name + "=~y~",
                            WITH_KEY);
                    case "path" -> bridge.get(path.replace("{" + name + "}", "not-a-uuid"), WITH_KEY);
                    case "header" -> withIdempotencyKey(method, path, "a".repeat(256));
                    default -> throw new AssertionError(parameter);
                };
                assertThat(response.status()).as(operation.getKey() + " " + name).isEqualTo(400);
                assertThat(response.json().getJsonArray("errors").stream()
                        .map(error -> ((JsonObject) error).getString("field")))
                        .as(operation.getKey() + " " + name).containsExactly(name);
            }
        }
    }

    @Test
    void theDocumentsEnumsBoundsAndMembersAreTheOnesTheServiceUses() {
        assertThat(enumOf(schema("SubmissionStatus"))).containsExactlyElementsOf(names(SubmissionStatus.values()));
        assertThat(enumOf(schema("FlowType"))).containsExactlyElementsOf(names(FlowType.values()));
        Map<String, Object> history = map(map(schema("Submission").get("properties")).get("history"));
        Map<String, Object> entry = map(map(map(history.get("items")).get("properties")));
        assertThat(enumOf(map(entry.get("kind")))).containsExactlyElementsOf(names(HistoryKind.values()));
        assertThat(enumOf(map(entry.get("source")))).containsExactlyElementsOf(names(TransitionSource.values()));

        Map<String, Object> limit = map(parameter("GET /v1/submissions", "limit").get("schema"));
        assertThat(limit).containsEntry("minimum", 1).containsEntry("maximum", SubmissionQuery.MAX_LIMIT)
                .containsEntry("default", QueryHandlers.DEFAULT_LIMIT);
        assertThat(map(resolve(Map.of("$ref", "#/components/parameters/IdempotencyKey")).get("schema")))
                .containsEntry("maxLength", IdempotencyKey.MAX_LENGTH);
        assertThat(enumOf(map(resolve(Map.of("$ref", "#/components/parameters/Include")).get("schema"))))
                .containsExactly("ktpData");

        // Every member a submission can have: an identity verification's, with its KTP data asked for.
        HttpResponseData started = bridge.postJson("/v1/identity-verifications",
                Requests.identityVerification("oa-members").encode(), WITH_KEY);
        JsonObject submission = bridge.get(started.header("Location") + "?include=ktpData", WITH_KEY).json();
        assertThat(properties("Submission")).containsExactlyInAnyOrderElementsOf(submission.fieldNames());
    }

    /**
     * A NIK (16 digits) and epoch milliseconds do not fit 32 bits: a generator that reads an integer without a
     * format makes it an int32, and such a client cannot send them. Each integer these members take says int64.
     */
    @Test
    void theIntegersOfNiksAndEpochMillisecondsAreTypedInt64() {
        Map<String, Object> consent = map(schema("Consent").get("properties"));
        Map<String, Map<String, Object>> members = new LinkedHashMap<>();
        members.put("UserDetails.nik", map(map(schema("UserDetails").get("properties")).get("nik")));
        members.put("Consent.timeStamp", map(consent.get("timeStamp")));
        members.put("Consent.timestamp", map(consent.get("timestamp")));

        for (var member : members.entrySet()) {
            List<Map<String, Object>> integers = list(member.getValue().get("oneOf")).stream().map(this::resolve)
                    .filter(alternative -> "integer".equals(alternative.get("type"))).toList();
            assertThat(integers).as(member.getKey()).isNotEmpty()
                    .allSatisfy(integer -> assertThat(integer).as(member.getKey()).containsEntry("format", "int64"));
        }
        assertThat((String) members.get("UserDetails.nik").get("description")).as("UserDetails.nik")
                .contains("as a string", "2^53");
    }

    /**
     * A client written from the document sends what it marks required and may leave out the rest: each member of a
     * valid request, left out, is refused (an error at it or within it) exactly when its schema lists it as
     * required. A member required only with another, such as a WEB_SDK's redirection URLs, says so in its
     * description ("Required for…", "Required when…") and is not checked.
     */
    @Test
    void everyRequestMemberTheServiceRequiresTheDocumentRequiresAndNoOther() {
        Map<String, Object> registration = map(map(map(map(map(operations()
                .get("POST /v1/certificate-registrations").get("requestBody")).get("content"))
                .get("multipart/form-data")).get("schema")).get("properties"));
        Map<String, Object> identity = map(map(map(map(operations().get("POST /v1/identity-verifications")
                .get("requestBody")).get("content")).get("application/json")).get("schema"));
        List<String> wrong = new ArrayList<>();

        wrong.addAll(membersDocumentedWrongly(Requests.registrationDetails("oa-req"), map(registration.get("details")),
                "", details -> bridge.postMultipart("/v1/certificate-registrations", Requests.registration(details),
                        WITH_KEY)));
        wrong.addAll(membersDocumentedWrongly(Requests.identityVerification("oa-req"), identity, "",
                request -> json("/v1/identity-verifications", request.encode())));

        assertThat(wrong).isEmpty();
    }

    /**
     * A client written from the document knows which objects take only the members listed: each object of a valid
     * request that the document closes ({@code additionalProperties: false}) is refused (400, naming it) with a
     * member it does not list, and each other one says what else it takes (free-form data, texts keyed by locale).
     */
    @Test
    void everyRequestObjectTheDocumentClosesRefusesAMemberItDoesNotList() {
        Map<String, Object> registration = map(map(map(map(map(operations()
                .get("POST /v1/certificate-registrations").get("requestBody")).get("content"))
                .get("multipart/form-data")).get("schema")).get("properties"));
        Map<String, Object> scan = map(map(map(map(map(operations().get("POST /v1/ktp-scans").get("requestBody"))
                .get("content")).get("multipart/form-data")).get("schema")).get("properties"));
        Map<String, Object> identity = map(map(map(map(operations().get("POST /v1/identity-verifications")
                .get("requestBody")).get("content")).get("application/json")).get("schema"));
        List<String> wrong = new ArrayList<>();

        wrong.addAll(openMembersDocumentedWrongly(Requests.registrationDetails("oa-open"),
                map(registration.get("details")), "", details -> bridge.postMultipart(
                        "/v1/certificate-registrations", Requests.registration(details), WITH_KEY)));
        wrong.addAll(openMembersDocumentedWrongly(new JsonObject().put("partnerUserId", "oa-open")
                        .put("partnerUserIdType", "CLIENT_X_USER_ID"), map(scan.get("details")), "",
                details -> bridge.postMultipart("/v1/ktp-scans", new Multipart().text("details", details.encode())
                        .file("ktp", "ktp.jpg", "image/jpeg", Requests.KTP_JPEG), WITH_KEY)));
        wrong.addAll(openMembersDocumentedWrongly(Requests.identityVerification("oa-open"), identity, "",
                request -> json("/v1/identity-verifications", request.encode())));

        assertThat(wrong).isEmpty();
    }

    /**
     * The objects within {@code value}, at {@code path} in {@code whole}, that the schema closes and the service
     * takes an unlisted member in, or that the schema leaves open without saying what they take.
     */
    private List<String> openMembersDocumentedWrongly(JsonObject whole, Map<String, Object> schema, String path,
                                                      java.util.function.Function<JsonObject, HttpResponseData> send) {
        SchemaObject node = objectAt(whole, schema, path);
        if (node == null) {
            return List.of();
        }
        Map<String, Object> resolved = node.schema();
        path = node.path();
        List<String> wrong = new ArrayList<>();
        String where = path.isEmpty() ? "the request" : path;
        if (!Boolean.FALSE.equals(resolved.get("additionalProperties"))) {
            if (resolved.get("additionalProperties") == null) {
                wrong.add(where + " says nothing of the members it does not list");
            } else if (resolved.get("additionalProperties") instanceof Map<?, ?> each) {
                // Keyed by the client (a consent's texts by locale): each member is an object of that schema.
                for (String name : node.object().fieldNames()) {
                    wrong.addAll(openMembersDocumentedWrongly(whole, map(each), path + "." + name, send));
                }
            }
            return wrong;
        }
        Map<String, Object> properties = map(resolved.get("properties"));
        for (String name : node.object().fieldNames()) {
            if (properties.containsKey(name)) {
                wrong.addAll(openMembersDocumentedWrongly(whole, map(properties.get(name)),
                        path.isEmpty() ? name : path + "." + name, send));
            }
        }
        JsonObject with = whole.copy().put("partnerUserId", "oa-open-" + ++otherUsers);
        ((JsonObject) (path.isEmpty() ? with : at(with, path))).put("unlisted", true);
        String member = path.isEmpty() ? "unlisted" : path + ".unlisted";
        HttpResponseData answer = send.apply(with);
        boolean refused = answer.status() == 400 && answer.json().getJsonArray("errors").stream()
                .anyMatch(error -> ((JsonObject) error).getString("field").equals(member));
        if (!refused) {
            wrong.add(member + " is taken (" + answer.status() + ") though " + where + " is closed");
        }
        return wrong;
    }

    /**
     * The members of {@code value}, at {@code path} in {@code whole}, that the schema lists as required and the
     * service takes without, or that it refuses to go without and the schema does not list.
     */
    private List<String> membersDocumentedWrongly(JsonObject whole, Map<String, Object> schema, String path,
                                                  java.util.function.Function<JsonObject, HttpResponseData> send) {
        SchemaObject node = objectAt(whole, schema, path);
        if (node == null) {
            return List.of();
        }
        String at = node.path();
        Map<String, Object> properties = map(node.schema().get("properties"));
        List<String> wrong = new ArrayList<>();
        Set<String> required = new TreeSet<>(list(node.schema().get("required")).stream().map(Object::toString)
                .toList());
        for (String name : node.object().fieldNames()) {
            String member = at.isEmpty() ? name : at + "." + name;
            if (!properties.containsKey(name)) {
                if (node.schema().get("additionalProperties") instanceof Map<?, ?> each) {
                    wrong.addAll(membersDocumentedWrongly(whole, map(each), member, send));
                }
                continue;
            }
            wrong.addAll(membersDocumentedWrongly(whole, map(properties.get(name)), member, send));
            if (String.valueOf(map(properties.get(name)).get("description")).startsWith("Required ")) {
                continue;
            }
            JsonObject without = whole.copy();
            if (!member.equals("partnerUserId")) {
                without.put("partnerUserId", "oa-req-" + ++otherUsers);
            }
            ((JsonObject) (at.isEmpty() ? without : at(without, at))).remove(name);
            HttpResponseData answer = send.apply(without);
            boolean refused = answer.status() == 422 && answer.json().getJsonArray("errors").stream()
                    .map(error -> ((JsonObject) error).getString("field"))
                    .anyMatch(field -> field.equals(member) || field.startsWith(member + ".")
                            || field.startsWith(member + "["));
            if (refused != required.contains(name)) {
                wrong.add(member + (refused ? " is refused when left out but not documented as required"
                        : " is documented as required but taken without (" + answer.status() + ")"));
            }
        }
        return wrong;
    }

    /** A request object, at {@code path}, with its schema ({@code allOf} merged). */
    private record SchemaObject(JsonObject object, Map<String, Object> schema, String path) {
    }

    /**
     * The request object at {@code path} in {@code whole} with its schema; an array's first item stands for the
     * array, at {@code path[0]}. Null when the request has no object there.
     */
    private SchemaObject objectAt(JsonObject whole, Map<String, Object> schema, String path) {
        Object value = path.isEmpty() ? whole : at(whole, path);
        Map<String, Object> resolved = merged(schema);
        while (value instanceof io.vertx.core.json.JsonArray && resolved.get("items") != null) {
            path = path + "[0]";
            resolved = merged(map(resolved.get("items")));
            value = at(whole, path);
        }
        return value instanceof JsonObject object ? new SchemaObject(object, resolved, path) : null;
    }

    /** The member at a path such as {@code consentData[0].additionalDetails}. */
    private static Object at(JsonObject object, String path) {
        Object value = object;
        for (String part : path.split("\\.")) {
            boolean first = part.endsWith("[0]");
            value = ((JsonObject) value).getValue(first ? part.substring(0, part.length() - 3) : part);
            if (first) {
                value = ((io.vertx.core.json.JsonArray) value).getValue(0);
            }
        }
        return value;
    }

    /**
     * The schema with its {@code $ref} resolved and the members of its {@code allOf} merged (one alone, such as a
     * {@code $ref} given a description, keeps its {@code additionalProperties}).
     */
    private Map<String, Object> merged(Map<String, Object> schema) {
        Map<String, Object> resolved = resolve(schema);
        if (resolved.get("allOf") == null) {
            return resolved;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        List<Object> required = new ArrayList<>();
        Map<String, Object> whole = new LinkedHashMap<>(Map.of("type", "object", "properties", properties,
                "required", required));
        for (Object part : list(resolved.get("allOf"))) {
            Map<String, Object> each = merged(map(part));
            properties.putAll(map(each.get("properties")));
            required.addAll(list(each.get("required")));
            if (each.containsKey("additionalProperties")) {
                whole.put("additionalProperties", each.get("additionalProperties"));
            }
        }
        return whole;
    }

    /** A strict client reads a null only where the schema says nullable: each null an answer holds is allowed. */
    @Test
    void everyNullASubmissionShowsIsOneTheSchemaAllows() {
        HttpResponseData sdk = bridge.postJson("/v1/identity-verifications",
                Requests.identityVerification("oa-nulls").encode(), WITH_KEY);
        JsonObject submission = bridge.get(sdk.header("Location") + "?include=ktpData", WITH_KEY).json();
        assertThat(submission.getJsonObject("launch").getValue("launchUrl")).as("an SDK launch").isNull();

        assertThat(nullsTheSchemaForbids(submission, schema("Submission"), "")).isEmpty();
    }

    /** The platform may leave an error's code or cause out (or send it blank): the refusal shows null there. */
    @Test
    void everyNullARefusalShowsIsOneTheSchemaAllows() {
        bridge.platform.failNext(FakeOneKycPlatform.Call.INITIATE_VERIFICATION, () ->
                new PlatformRejectedException(400, List.of(new PlatformError(" ", null, null))));
        HttpResponseData refused = bridge.postJson("/v1/identity-verifications",
                Requests.identityVerification("oa-null-refusal").encode(), WITH_KEY);
        assertThat(refused.status()).isEqualTo(502);
        JsonObject error = refused.json().getJsonArray("platformErrors").getJsonObject(0);
        assertThat(error.getValue("code")).isNull();
        assertThat(error.getValue("cause")).isNull();

        assertThat(nullsTheSchemaForbids(refused.json(), schema("Problem"), "")).isEmpty();
    }

    /** The paths of the nulls in {@code value} that {@code schema} does not declare nullable. */
    private List<String> nullsTheSchemaForbids(Object value, Map<String, Object> schema, String path) {
        Map<String, Object> resolved = resolve(schema);
        List<String> forbidden = new java.util.ArrayList<>();
        if (value == null) {
            if (!Boolean.TRUE.equals(resolved.get("nullable"))) {
                forbidden.add(path);
            }
            return forbidden;
        }
        if (value instanceof JsonObject object) {
            Map<String, Object> properties = resolved.containsKey("properties") ? map(resolved.get("properties"))
                    : Map.of();
            for (String name : object.fieldNames()) {
                Object member = properties.containsKey(name) ? properties.get(name)
                        : resolved.get("additionalProperties");
                if (member instanceof Map<?, ?>) {
                    forbidden.addAll(nullsTheSchemaForbids(object.getValue(name), map(member), path + "." + name));
                }
            }
        } else if (value instanceof io.vertx.core.json.JsonArray array && resolved.get("items") != null) {
            for (int i = 0; i < array.size(); i++) {
                forbidden.addAll(nullsTheSchemaForbids(array.getValue(i), map(resolved.get("items")),
                        path + "[" + i + "]"));
            }
        }
        return forbidden;
    }

    /** For each operation, a request that gets each status it can answer with. */
    private Map<String, Map<Integer, Supplier<HttpResponseData>>> scenarios() {
        Map<String, Map<Integer, Supplier<HttpResponseData>>> all = new LinkedHashMap<>();
        all.put("POST /v1/certificate-registrations", starts("/v1/certificate-registrations",
                user -> Requests.registration(Requests.registrationDetails(user)), FlowType.CERT_REG));
        all.put("POST /v1/ktp-scans", starts("/v1/ktp-scans", Requests::ktpScan, FlowType.KTP_SCAN));

        String siv = "/v1/identity-verifications";
        Map<Integer, Supplier<HttpResponseData>> identity = new LinkedHashMap<>();
        identity.put(201, () -> json(siv, Requests.identityVerification("oa-siv-1").encode()));
        identity.put(202, () -> {
            bridge.platform.failNext(FakeOneKycPlatform.Call.INITIATE_VERIFICATION,
                    () -> new PlatformUnavailableException("timeout", 0, null, null));
            return json(siv, Requests.identityVerification("oa-siv-2").encode());
        });
        identity.put(400, () -> json(siv, "{\"partnerUserId\":"));
        identity.put(401, () -> bridge.postJson(siv, Requests.identityVerification("oa-siv-3").encode()));
        identity.put(409, () -> json(siv, Requests.identityVerification("oa-siv-1").encode()));
        identity.put(408, () -> bridge.stalledBody("POST", siv, (int) REQUEST_BODY_LIMIT - 1,
                concat(WITH_KEY, "Content-Type", "application/json")));
        identity.put(413, () -> refusedUnread(() -> json(siv, " ".repeat((int) REQUEST_BODY_LIMIT + 1))));
        identity.put(415, () -> bridge.send("POST", siv, "{}".getBytes(StandardCharsets.UTF_8),
                concat(WITH_KEY, "Content-Type", "text/plain")));
        identity.put(417, () -> bridge.expecting("a-reply", "POST", siv, "{}",
                concat(WITH_KEY, "Content-Type", "application/json")));
        identity.put(422, () -> json(siv, Requests.identityVerification("oa-siv-4").put("source", "FAX").encode()));
        identity.put(500, () -> repeatedOnceDamaged(headers -> bridge.postJson(siv,
                Requests.identityVerification("oa-siv-8").encode(), headers)));
        identity.put(501, () -> failingNext(new FlowNotConfiguredException(FlowType.SIV, "X"),
                () -> json(siv, Requests.identityVerification("oa-siv-5").encode())));
        identity.put(502, () -> {
            bridge.platform.failNext(FakeOneKycPlatform.Call.INITIATE_VERIFICATION, () ->
                    new PlatformRejectedException(400, List.of(new PlatformError("1539", "REFUSED", null))));
            return json(siv, Requests.identityVerification("oa-siv-6").encode());
        });
        identity.put(503, () -> failingNext(new StoreUnavailableException("down", null),
                () -> json(siv, Requests.identityVerification("oa-siv-7").encode())));
        all.put("POST " + siv, identity);

        Map<Integer, Supplier<HttpResponseData>> list = new LinkedHashMap<>();
        list.put(200, () -> bridge.get("/v1/submissions?limit=5", WITH_KEY));
        list.put(400, () -> bridge.get("/v1/submissions?limit=0", WITH_KEY));
        list.put(401, () -> bridge.get("/v1/submissions"));
        list.put(500, () -> failingNext(damaged(), () -> bridge.get("/v1/submissions", WITH_KEY)));
        list.put(503, () -> failingNext(new StoreUnavailableException("down", null),
                () -> bridge.get("/v1/submissions", WITH_KEY)));
        all.put("GET /v1/submissions", list);

        Map<Integer, Supplier<HttpResponseData>> one = new LinkedHashMap<>();
        one.put(200, () -> bridge.get(json(siv, Requests.identityVerification("oa-get").encode()).header("Location"),
                WITH_KEY));
        one.put(400, () -> bridge.get("/v1/submissions/not-a-uuid", WITH_KEY));
        one.put(401, () -> bridge.get("/v1/submissions/" + UUID.randomUUID()));
        one.put(404, () -> bridge.get("/v1/submissions/" + UUID.randomUUID(), WITH_KEY));
        one.put(500, () -> {
            String location = json(siv, Requests.identityVerification("oa-get-damaged").encode()).header("Location");
            damage(location);
            return bridge.get(location, WITH_KEY);
        });
        one.put(503, () -> failingNext(new StoreUnavailableException("down", null),
                () -> bridge.get("/v1/submissions/" + UUID.randomUUID(), WITH_KEY)));
        all.put("GET /v1/submissions/{id}", one);

        for (String channel : List.of("esign", "coe", "siv")) {
            for (String method : List.of("POST", "PUT", "PATCH")) {
                all.put(method + " /callbacks/" + channel, callbacks(method, "/callbacks/" + channel));
            }
        }

        all.put("GET /health/live", Map.of(200, () -> bridge.get("/health/live")));
        Map<Integer, Supplier<HttpResponseData>> ready = new LinkedHashMap<>();
        ready.put(200, () -> bridge.get("/health/ready"));
        ready.put(503, () -> {
            bridge.readiness = () -> ReadinessCheck.Readiness.notReady(Map.of("database", "unreachable"));
            try {
                return bridge.get("/health/ready");
            } finally {
                bridge.readiness = ReadinessCheck.alwaysReady();
            }
        });
        all.put("GET /health/ready", ready);
        all.put("GET /metrics", Map.of(200, () -> bridge.get("/metrics")));
        all.put("GET /openapi.yaml", Map.of(200, () -> bridge.get("/openapi.yaml")));
        return all;
    }

    /** The answers of a multipart start request: the same for certificate registrations and KTP scans. */
    private Map<Integer, Supplier<HttpResponseData>> starts(String path,
                                                           java.util.function.Function<String, Multipart> form,
                                                           FlowType flow) {
        String user = "oa-" + flow.name().toLowerCase(java.util.Locale.ROOT);
        Map<Integer, Supplier<HttpResponseData>> answers = new LinkedHashMap<>();
        answers.put(202, () -> bridge.postMultipart(path, form.apply(user + "-1"), WITH_KEY));
        answers.put(400, () -> bridge.postMultipart(path, new Multipart().file("ktp", "ktp.jpg", "image/jpeg",
                Requests.KTP_JPEG), WITH_KEY));
        answers.put(401, () -> bridge.postMultipart(path, form.apply(user + "-2")));
        answers.put(408, () -> bridge.stalledBody("POST", path, (int) REQUEST_BODY_LIMIT - 1,
                concat(WITH_KEY, "Content-Type", "multipart/form-data; boundary=b")));
        answers.put(409, () -> bridge.postMultipart(path, form.apply(user + "-1"), WITH_KEY));
        answers.put(411, () -> bridge.postMultipartChunked(path, form.apply(user + "-3"), WITH_KEY));
        answers.put(413, () -> refusedUnread(() -> bridge.postMultipart(path, form.apply(user + "-4").file("extra",
                "x.bin", "application/octet-stream", new byte[(int) REQUEST_BODY_LIMIT]), WITH_KEY)));
        answers.put(415, () -> json(path, "{}"));
        answers.put(417, () -> bridge.expecting("a-reply", "POST", path, "--b--\r\n",
                concat(WITH_KEY, "Content-Type", "multipart/form-data; boundary=b")));
        answers.put(422, () -> invalid(path, user + "-5", flow));
        answers.put(500, () -> repeatedOnceDamaged(headers -> bridge.postMultipart(path, form.apply(user + "-8"),
                headers)));
        answers.put(501, () -> failingNext(new FlowNotConfiguredException(flow, "X"),
                () -> bridge.postMultipart(path, form.apply(user + "-6"), WITH_KEY)));
        answers.put(503, () -> failingNext(new StoreUnavailableException("down", null),
                () -> bridge.postMultipart(path, form.apply(user + "-7"), WITH_KEY)));
        return answers;
    }

    /** A start request whose values break the rules: an image that is not one. */
    private HttpResponseData invalid(String path, String user, FlowType flow) {
        byte[] text = "not an image at all ".repeat(100).getBytes(StandardCharsets.UTF_8);
        Multipart form = new Multipart().text("details", (flow == FlowType.CERT_REG
                ? Requests.registrationDetails(user)
                : new JsonObject().put("partnerUserId", user).put("partnerUserIdType", "T")).encode())
                .file("ktp", "ktp.jpg", "image/jpeg", text);
        if (flow == FlowType.CERT_REG) {
            form.file("selfie", "selfie.png", "image/png", Requests.SELFIE_PNG);
        }
        return bridge.postMultipart(path, form, WITH_KEY);
    }

    private Map<Integer, Supplier<HttpResponseData>> callbacks(String method, String path) {
        Map<Integer, Supplier<HttpResponseData>> answers = new LinkedHashMap<>();
        answers.put(200, () -> callback(method, path, CALLBACK_BODY.formatted(UUID.randomUUID()), "Authorization",
                CALLBACK_AUTH));
        answers.put(400, () -> callback(method, path, "{not json", "Authorization", CALLBACK_AUTH));
        answers.put(401, () -> callback(method, path, CALLBACK_BODY.formatted(UUID.randomUUID())));
        answers.put(403, () -> callback(method, path, CALLBACK_BODY.formatted(UUID.randomUUID()), "Authorization",
                CALLBACK_AUTH, "X-Forwarded-For", "203.0.113.9"));
        answers.put(408, () -> bridge.stalledBody(method, path, (int) CALLBACK_BODY_LIMIT - 1, "Authorization",
                CALLBACK_AUTH, "Content-Type", "application/json"));
        answers.put(413, () -> refusedUnread(() -> callback(method, path, " ".repeat((int) CALLBACK_BODY_LIMIT + 1),
                "Authorization", CALLBACK_AUTH)));
        answers.put(417, () -> bridge.expecting("a-reply", method, path, "{}", "Authorization", CALLBACK_AUTH,
                "Content-Type", "application/json"));
        answers.put(503, () -> {
            bridge.inboxPort.failing = true;
            try {
                return callback(method, path, CALLBACK_BODY.formatted(UUID.randomUUID()), "Authorization",
                        CALLBACK_AUTH);
            } finally {
                bridge.inboxPort.failing = false;
            }
        });
        return answers;
    }

    private HttpResponseData callback(String method, String path, String body, String... headers) {
        return bridge.send(method, path, body.getBytes(StandardCharsets.UTF_8),
                concat(headers, "Content-Type", "application/json"));
    }

    /**
     * A request whose body is refused before it is read, and its connection closed: the body the client is still
     * sending may arrive after the close, and the reset it then causes can take the answer with it (under load, now
     * and then). That is TCP's doing, not the answer's, so a lost answer is asked for again.
     */
    private static HttpResponseData refusedUnread(Supplier<HttpResponseData> request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (java.io.UncheckedIOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private HttpResponseData json(String path, String body) {
        return bridge.postJson(path, body, WITH_KEY);
    }

    /**
     * A start sent again with its {@code Idempotency-Key} after the submission the first one stored was damaged:
     * the repeat reads that submission to answer with it.
     */
    private HttpResponseData repeatedOnceDamaged(java.util.function.Function<String[], HttpResponseData> start) {
        String[] headers = concat(WITH_KEY, "Idempotency-Key", "oa-damaged-" + UUID.randomUUID());
        HttpResponseData first = start.apply(headers);
        assertThat(first.status()).as(first.body()).isIn(201, 202);
        damage(first.header("Location"));
        return start.apply(headers);
    }

    /** Damages the stored submission at {@code location} ({@code /v1/submissions/<id>}). */
    private void damage(String location) {
        bridge.storePort.damage(SubmissionId.parse(location.substring(location.lastIndexOf('/') + 1)));
    }

    /** Stored data its configured key does not open. */
    private static StoredDataUnreadableException damaged() {
        return new StoredDataUnreadableException("damaged", "key-1", StoredDataUnreadableException.Kind.DAMAGED);
    }

    private HttpResponseData failingNext(RuntimeException failure, Supplier<HttpResponseData> request) {
        bridge.nextUseCaseFailure = failure;
        try {
            return request.get();
        } finally {
            bridge.nextUseCaseFailure = null;
        }
    }

    /** A POST of the operation with this {@code Idempotency-Key}: a start request of its kind. */
    private HttpResponseData withIdempotencyKey(String method, String path, String idempotencyKey) {
        String[] headers = concat(WITH_KEY, "Idempotency-Key", idempotencyKey);
        return switch (path) {
            case "/v1/certificate-registrations" -> bridge.postMultipart(path, Requests.registration(), headers);
            case "/v1/ktp-scans" -> bridge.postMultipart(path, Requests.ktpScan("oa-key"), headers);
            case "/v1/identity-verifications" -> bridge.postJson(path,
                    Requests.identityVerification("oa-key").encode(), headers);
            default -> throw new AssertionError(method + " " + path);
        };
    }

    // ---- the document ----

    private static Map<String, Object> readDocument() {
        return new Yaml().load(BridgeWebServer.readOpenApi().toString(StandardCharsets.UTF_8));
    }

    /** {@code METHOD /path} to its operation, for every operation of the document. */
    private Map<String, Map<String, Object>> operations() {
        Map<String, Map<String, Object>> operations = new LinkedHashMap<>();
        map(document.get("paths")).forEach((path, item) -> map(item).forEach((method, operation) ->
                operations.put(method.toUpperCase(java.util.Locale.ROOT) + " " + path, map(operation))));
        return operations;
    }

    private Map<String, Object> parameter(String operation, String name) {
        return list(operations().get(operation).get("parameters")).stream().map(this::resolve)
                .filter(parameter -> name.equals(parameter.get("name"))).findFirst().orElseThrow();
    }

    private Map<String, Object> schema(String name) {
        return map(map(map(document.get("components")).get("schemas")).get(name));
    }

    private Set<String> properties(String schema) {
        return map(schema(schema).get("properties")).keySet();
    }

    /** The object itself, or the one its {@code $ref} names. */
    private Map<String, Object> resolve(Object object) {
        Map<String, Object> map = map(object);
        Object reference = map.get("$ref");
        if (reference == null) {
            return map;
        }
        Object target = document;
        for (String part : ((String) reference).substring(2).split("/")) {
            target = map(target).get(part);
        }
        return resolve(target);
    }

    private static List<String> enumOf(Map<String, Object> schema) {
        return list(schema.get("enum")).stream().map(Object::toString).toList();
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : new ArrayList<>((List<Object>) value);
    }

    private static String[] concat(String[] headers, String... more) {
        String[] all = Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }
}
