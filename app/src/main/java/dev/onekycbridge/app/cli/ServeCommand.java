package dev.onekycbridge.app.cli;

import dev.onekycbridge.app.RunningService;
import dev.onekycbridge.app.SandboxProfile;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.sandbox.SandboxOptions;
import dev.onekycbridge.sandbox.SandboxServer;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** {@code serve}: the service, until stopped. */
public final class ServeCommand implements Command {
    static final Set<String> FLAGS = Set.of("sandbox");
    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String usage() {
        return "[--config FILE] [--sandbox]";
    }

    @Override
    public String summary() {
        return "Runs the bridge service: callback receivers, the partner API, health and metrics, the driver that"
                + " advances submissions and the callback worker. --sandbox also starts an embedded sandbox and"
                + " points the client at it.";
    }

    @Override
    public int run(Args args, Map<String, String> environment, PrintStream out, PrintStream err)
            throws InterruptedException {
        boolean withSandbox = args.flag("sandbox");
        ConfigSource source = ConfigSource.load(args.path("config").orElse(null), environment);
        args.rejectUnknown();
        SandboxServer sandbox = null;
        if (withSandbox) {
            // Every other problem (a missing BRIDGE_DATA_KEY) is told before a sandbox starts and announces itself.
            BridgeConfig.from(source.with(SandboxProfile.settingsFor("http://127.0.0.1")));
            sandbox = SandboxServer.start(SandboxOptions.defaults());
            source = source.with(SandboxProfile.settingsFor(sandbox));
            out.println("Embedded OneKYC sandbox at " + sandbox.baseUrl());
        }
        try {
            BridgeConfig config = BridgeConfig.from(source);
            out.println("Starting onekyc-bridge: " + config.describe());
            RunningService service = RunningService.start(config, sandbox, UnaryOperator.identity());
            CountDownLatch stopped = new CountDownLatch(1);
            SandboxServer started = sandbox;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                out.println(config.shutdownDelay().isZero() ? "Stopping: finishing steps in flight"
                        : "Stopping: readiness DOWN, serving on for " + config.shutdownDelay()
                        + ", then finishing steps in flight");
                service.close();
                if (started != null) {
                    started.close();
                }
                stopped.countDown();
            }, "onekyc-bridge-shutdown"));
            if (!config.shutdownDelay().isZero()) {
                cutDelayShortOnSecondSignal(service);
            }
            // Told once a signal would stop the service gracefully: a supervisor may send one as soon as it reads this.
            out.println("Listening on port " + service.port() + " (partner API /v1, callbacks /callbacks/esign|coe|siv,"
                    + " /health/ready, /metrics, /openapi.yaml)");
            stopped.await();
            return 0;
        } catch (RuntimeException e) {
            if (sandbox != null) {
                sandbox.close();
            }
            throw e;
        }
    }

    /**
     * With a shutdown delay, a second SIGTERM or Ctrl-C cuts the delay short: the JVM ignores signals while its
     * shutdown hooks run, and whoever signals again wants the stop now, not after the delay. The first signal stops
     * the service as the JVM's own handler would: an exit with 128 + the signal's number, which runs the hooks.
     * Under {@code -Xrs} the JVM handles neither signal and refuses a handler: that is warned of, not a failure.
     */
    private static void cutDelayShortOnSecondSignal(RunningService service) {
        AtomicBoolean stopping = new AtomicBoolean();
        SignalHandler handler = signal -> {
            if (stopping.compareAndSet(false, true)) {
                new Thread(() -> System.exit(128 + signal.getNumber()), "onekyc-bridge-signal").start();
            } else {
                service.cutShutdownDelayShort();
            }
        };
        try {
            Signal.handle(new Signal("TERM"), handler);
            Signal.handle(new Signal("INT"), handler);
        } catch (IllegalArgumentException e) {
            // A JVM run with -Xrs leaves these signals to the system: the service is up, and failing now would tear
            // it down for a convenience.
            LOG.log(System.Logger.Level.WARNING, "SIGTERM and SIGINT are left to the system (the JVM runs with"
                    + " -Xrs): a signal ends the service at once, without BRIDGE_SHUTDOWN_DELAY or the drain");
        }
    }
}
