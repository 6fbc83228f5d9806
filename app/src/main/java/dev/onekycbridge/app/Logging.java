package dev.onekycbridge.app;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Routes every logging API in use (System.Logger, JUL, Vert.x) to SLF4J and Logback. */
final class Logging {
    /**
     * The command line's Logback configuration. It is not named {@code logback.xml}: the {@code app} artifact is
     * also a library, and a root {@code logback.xml} in it would configure the logging of the application that
     * embeds it.
     */
    static final String CONFIGURATION = "dev/onekycbridge/app/cli-logback.xml";

    private Logging() {
    }

    static void configure() {
        // Before anything logs; an operator's own -Dlogback.configurationFile wins.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", CONFIGURATION);
        }
        // The JDK's resolver: Vert.x's own stalls its first outgoing connection on some hosts for seconds.
        if (System.getProperty("vertx.disableDnsResolver") == null) {
            System.setProperty("vertx.disableDnsResolver", "true");
        }
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
