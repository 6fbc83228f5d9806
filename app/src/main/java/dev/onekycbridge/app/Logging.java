package dev.onekycbridge.app;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Routes every logging API in use (System.Logger, JUL, Vert.x) to SLF4J and Logback. */
final class Logging {
    private Logging() {
    }

    static void configure() {
        // The JDK's resolver: Vert.x's own stalls its first outgoing connection on some hosts for seconds.
        if (System.getProperty("vertx.disableDnsResolver") == null) {
            System.setProperty("vertx.disableDnsResolver", "true");
        }
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
