package dev.onekycbridge.core.archfixture;

/**
 * Breaks the core's dependency rule on purpose: the architecture test checks its rule against this class to
 * prove the rule can fail. Lives in the app's tests, so it never ships.
 */
public final class CoreClassUsingVertx {
    public io.vertx.core.json.JsonObject leak() {
        return new io.vertx.core.json.JsonObject();
    }
}
