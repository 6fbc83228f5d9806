package dev.onekycbridge.sandbox;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A sandbox for a test class: started on a free port before all tests, reset before each, stopped after all.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SandboxExtension SANDBOX = new SandboxExtension();
 * }</pre>
 *
 * <p>{@code @Nested} classes share the enclosing class's sandbox; it stops after the outermost class. Registered on
 * an instance field instead, it starts before each test and stops after it.
 */
public final class SandboxExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {

    private final SandboxOptions options;
    private SandboxServer server;
    private boolean perTest;
    /** Classes running now: JUnit calls beforeAll and afterAll again for each {@code @Nested} class. */
    private int classDepth;

    public SandboxExtension() {
        this(SandboxOptions.defaults());
    }

    public SandboxExtension(SandboxOptions options) {
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (classDepth++ == 0) {
            server = SandboxServer.start(options);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            perTest = true;
            server = SandboxServer.start(options);
        } else {
            server.control().reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--classDepth == 0) {
            stop();
        }
    }

    public SandboxServer server() {
        if (server == null) {
            throw new IllegalStateException("the sandbox runs only while tests do");
        }
        return server;
    }

    public String baseUrl() {
        return server().baseUrl();
    }

    public String esignTokenBaseUrl() {
        return server().esignTokenBaseUrl();
    }

    public String coeTokenBaseUrl() {
        return server().coeTokenBaseUrl();
    }

    public String gatewayBaseUrl() {
        return server().gatewayBaseUrl();
    }

    public int port() {
        return server().port();
    }

    public SandboxControl control() {
        return server().control();
    }

    private void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
