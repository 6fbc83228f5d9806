package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the router describe the same service: no route undocumented, no phantom path. */
class OpenApiConsistencyTest extends VertxTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
            "trace");

    private TestBridge bridge;
    private WorkerExecutor workers;

    @BeforeEach
    void start() {
        bridge = TestBridge.start(vertx);
        workers = vertx.createSharedWorkerExecutor("openapi-test", 1);
    }

    @AfterEach
    void stop() {
        workers.close();
        bridge.close();
    }

    @Test
    void everyDocumentedOperationIsARouteAndEveryRouteIsDocumented() {
        Router router = router();

        assertThat(documentedOperations()).isEqualTo(routedOperations(router));
    }

    @Test
    void everyReadAnswersHeadAsItsTwinWhichTheDocumentStatesOnce() {
        Router router = router();

        Set<String> heads = new TreeSet<>();
        Set<String> gets = new TreeSet<>();
        routedOperations(router, true).forEach(operation -> {
            if (operation.startsWith("HEAD ")) {
                heads.add(operation.substring("HEAD ".length()));
            } else if (operation.startsWith("GET ")) {
                gets.add(operation.substring("GET ".length()));
            }
        });
        assertThat(heads).isEqualTo(gets);
        assertThat(BridgeWebServer.readOpenApi().toString(StandardCharsets.UTF_8))
                .contains("Every `GET` operation also answers `HEAD`");
    }

    @Test
    void everyDocumentedOperationIsAnsweredByTheRunningServer() {
        for (String operation : documentedOperations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1).replace("{id}", UUID.randomUUID().toString());

            HttpResponseData response = bridge.send(method, path, "{}".getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "application/json");

            assertThat(response.status()).as(operation).isNotEqualTo(405);
            if (response.status() == 404) {
                // An unknown submission, not an unknown route.
                assertThat(response.json().getString("detail")).as(operation)
                        .isEqualTo("there is no submission with this id");
            }
        }
    }

    @Test
    void theDocumentListsThePartnerApiTheCallbacksAndOperations() {
        assertThat(documentedOperations()).contains(
                "POST /v1/certificate-registrations", "POST /v1/ktp-scans", "POST /v1/identity-verifications",
                "GET /v1/submissions", "GET /v1/submissions/{id}",
                "POST /callbacks/esign", "PUT /callbacks/coe", "PATCH /callbacks/siv",
                "GET /health/live", "GET /health/ready", "GET /metrics", "GET /openapi.yaml");
    }

    /** {@code METHOD /path} for every operation under {@code paths:}, read line by line. */
    static Set<String> documentedOperations() {
        String document = BridgeWebServer.readOpenApi().toString(StandardCharsets.UTF_8);
        Set<String> operations = new TreeSet<>();
        boolean inPaths = false;
        String path = null;
        for (String line : document.split("\n")) {
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            if (!line.startsWith(" ")) {
                inPaths = line.equals("paths:");
                continue;
            }
            if (!inPaths) {
                continue;
            }
            if (line.startsWith("  /") && line.endsWith(":")) {
                path = line.strip().substring(0, line.strip().length() - 1);
            } else if (line.startsWith("    ") && !line.startsWith("     ") && line.endsWith(":")) {
                String key = line.strip().substring(0, line.strip().length() - 1);
                if (METHODS.contains(key) && path != null) {
                    operations.add(key.toUpperCase(java.util.Locale.ROOT) + " " + path);
                }
            }
        }
        return operations;
    }

    /**
     * {@code METHOD /path} for every route with a method, in the document's path syntax; HEAD, GET's twin that
     * the document states once for all, left out.
     */
    static Set<String> routedOperations(Router router) {
        return routedOperations(router, false);
    }

    static Set<String> routedOperations(Router router, boolean withHead) {
        Set<String> operations = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() == null || route.getPath().endsWith("*") || route.methods() == null) {
                continue;
            }
            String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
            route.methods().stream().filter(method -> withHead || !method.name().equals("HEAD"))
                    .forEach(method -> operations.add(method.name() + " " + path));
        }
        return operations;
    }

    private Router router() {
        return WebRouter.create(vertx, WebConfig.defaults(), bridge.ports(), new Blocking(workers),
                new Blocking(workers), new Blocking(workers), new Blocking(workers), new Blocking(workers),
                BridgeWebServer.readOpenApi(),
                new RequestDeadlines(vertx, WebConfig.defaults(), new Metrics()),
                // No reserve: a room that reads no disk and starts no thread.
                new DiskRoom(new DiskReserve(0, java.util.List.of()), WebConfig.defaults().uploadsDirectory()),
                new QuietWarnings());
    }
}
