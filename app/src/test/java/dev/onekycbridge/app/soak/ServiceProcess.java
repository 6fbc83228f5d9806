package dev.onekycbridge.app.soak;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bridge service as its own JVM ({@code Main serve}, configured by environment variables), on a fixed port so
 * that a restart keeps its URL. {@link #kill} is SIGKILL: no shutdown hook, no step finished, nothing flushed.
 * Every process started is destroyed by {@link #close}, and by a shutdown hook should the test JVM end first.
 */
final class ServiceProcess implements AutoCloseable {
    private final Map<String, String> environment;
    private final String classPath;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread reaper = new Thread(this::destroy, "soak-service-reaper");
    private volatile Process process;
    private volatile boolean ready;
    private int starts;
    private final List<Long> startMillis = new ArrayList<>();

    /** @param folder where the service's log and a private copy of the class path ({@link #copyOfClassPath}) go */
    ServiceProcess(Map<String, String> environment, int port, Path folder) {
        this(environment, port, folder.resolve("service.log"), copyOfClassPath(folder));
    }

    /**
     * @param log the file the service's output is appended to
     * @param classPath from {@link #copyOfClassPath}, which several processes may share
     */
    ServiceProcess(Map<String, String> environment, int port, Path log, String classPath) {
        this.environment = Map.copyOf(environment);
        this.classPath = classPath;
        this.log = log;
        this.port = port;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * A private copy of the test's class path in {@code folder}: modules reinstalled by a concurrent build must not
     * break a restart half-way through the soak.
     */
    static String copyOfClassPath(Path folder) {
        return snapshot(classPath(), folder.resolve("classpath"));
    }

    /** A port free right now on loopback. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free port", e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int starts() {
        return starts;
    }

    /** Starts the service and waits until it answers ready. */
    synchronized void start(Duration timeout) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the service is already running");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", classPath, "dev.onekycbridge.app.Main", "serve"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("ONEKYC_") || key.startsWith("BRIDGE_"));
        builder.environment().putAll(environment);
        try {
            Files.writeString(log, "==== start " + (starts + 1) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start the service process", e);
        }
        starts++;
        long begun = System.nanoTime();
        awaitReady(timeout);
        startMillis.add((System.nanoTime() - begun) / 1_000_000);
        ready = true;
    }

    /** Whether the service has answered ready since its last start and has not been killed since. */
    boolean ready() {
        return ready;
    }

    /** How long each start took until the service answered ready, in milliseconds. */
    List<Long> startMillis() {
        return List.copyOf(startMillis);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + " while starting:\n"
                        + logTail());
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(baseUrl()
                        + "/health/ready")).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            PartnerClient.sleep(100);
        }
        throw new AssertionError("the service was not ready in " + timeout + ":\n" + logTail());
    }

    /** SIGKILL, and waits until the process is gone. */
    synchronized void kill() {
        Process running = process;
        if (running == null || !running.isAlive()) {
            throw new AssertionError("the service died by itself before it was killed:\n" + logTail());
        }
        ready = false;
        running.destroyForcibly();
        try {
            if (!running.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the killed service did not go away");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Fails if the service is not running (it must never stop by itself). */
    void requireAlive() {
        Process running = process;
        if (running == null || !running.isAlive()) {
            throw new AssertionError("the service is not running:\n" + logTail());
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void destroy() {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroyForcibly();
            try {
                running.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway.
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Copies every class path entry (jar or folder) into {@code into}; returns the copy's class path. */
    private static String snapshot(String classPath, Path into) {
        List<String> copied = new ArrayList<>();
        int index = 0;
        try {
            Files.createDirectories(into);
            for (String entry : classPath.split(java.io.File.pathSeparator)) {
                Path source = Path.of(entry);
                if (entry.isBlank() || !Files.exists(source)) {
                    continue;
                }
                Path target = into.resolve(index++ + "-" + source.getFileName());
                if (Files.isDirectory(source)) {
                    try (var files = Files.walk(source)) {
                        for (Path file : (Iterable<Path>) files::iterator) {
                            Path copy = target.resolve(source.relativize(file).toString());
                            if (Files.isDirectory(file)) {
                                Files.createDirectories(copy);
                            } else {
                                Files.copy(file, copy);
                            }
                        }
                    }
                } else {
                    Files.copy(source, target);
                }
                copied.add(target.toString());
            }
        } catch (IOException e) {
            throw new AssertionError("cannot copy the class path", e);
        }
        return String.join(java.io.File.pathSeparator, copied);
    }

    /** The test's class path: Surefire's own list when it runs the test from a manifest-only jar. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
