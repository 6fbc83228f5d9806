package dev.onekycbridge.benchmarks.memory;

import com.sun.tools.attach.VirtualMachine;
import dev.onekycbridge.benchmarks.Args;
import dev.onekycbridge.benchmarks.Fixtures;
import dev.onekycbridge.benchmarks.Results;
import io.vertx.core.json.JsonObject;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Memory under large images: {@code N} registrations with two images of {@code image-bytes} each, all sent at
 * once to a running service (started by {@code bench/memory.sh} with a small heap), then followed until each is
 * CONFIRMED. The service's heap is watched from outside through its own MXBeans (attach API, local JMX): the
 * used heap is sampled every 20 ms, and each heap pool's peak is read at the end.
 *
 * <p>Request bodies are streamed from the same two image arrays, so this driver's own heap stays small.
 *
 * <p>Usage: {@code MemoryLoad --service http://127.0.0.1:PORT --pid PID [--registrations 50]
 * [--image-bytes 5242880] [--timeout-seconds 300] [--markdown out.md]}
 */
public final class MemoryLoad {
    private static final Set<String> CONFIRMED_OR_LATER = Set.of("CONFIRMED", "PARTIALLY_COMPLETED", "COMPLETED");
    private static final Set<String> FAILED = Set.of("ERROR", "EXPIRED", "FAILED");

    private MemoryLoad() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        String service = args.require("service");
        int registrations = args.intOption("registrations", 50);
        int imageBytes = args.intOption("image-bytes", 5 * 1024 * 1024);
        long timeout = args.longOption("timeout-seconds", 300);
        Results out = Results.from(args);

        VirtualMachine vm = VirtualMachine.attach(args.require("pid"));
        String jmxUrl = vm.startLocalManagementAgent();
        JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(jmxUrl));
        MBeanServerConnection connection = connector.getMBeanServerConnection();
        MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(connection,
                ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        List<MemoryPoolMXBean> heapPools = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getPlatformMXBeans(connection, MemoryPoolMXBean.class)) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
                heapPools.add(pool);
            }
        }
        List<GarbageCollectorMXBean> collectors =
                ManagementFactory.getPlatformMXBeans(connection, GarbageCollectorMXBean.class);
        long gcCountBefore = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        long gcTimeBefore = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        long heapMax = memory.getHeapMemoryUsage().getMax();

        AtomicLong maxUsed = new AtomicLong();
        AtomicLong maxCommitted = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    MemoryUsage heap = memory.getHeapMemoryUsage();
                    maxUsed.accumulateAndGet(heap.getUsed(), Math::max);
                    maxCommitted.accumulateAndGet(heap.getCommitted(), Math::max);
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.err.println("heap sampling stopped: " + e);
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        byte[] ktp = Fixtures.jpeg(imageBytes);
        byte[] selfie = Fixtures.png(imageBytes);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String run = UUID.randomUUID().toString().substring(0, 8);
        long start = System.nanoTime();
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        Map<Integer, String> refused = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(registrations);
        List<Future<?>> sends = new ArrayList<>();
        for (int i = 0; i < registrations; i++) {
            int index = i;
            sends.add(senders.submit(() -> {
                String boundary = "mem-" + UUID.randomUUID();
                HttpRequest request = HttpRequest.newBuilder(URI.create(service + "/v1/certificate-registrations"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .timeout(Duration.ofSeconds(timeout))
                        .POST(streamed(boundary, Fixtures.registrationDetailsJson("mem-" + run + "-" + index), ktp,
                                selfie))
                        .build();
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 202) {
                        accepted.put(new JsonObject(response.body()).getString("id"), System.nanoTime());
                    } else {
                        refused.put(index, response.statusCode() + " " + response.body());
                    }
                } catch (Exception e) {
                    refused.put(index, e.toString());
                }
                return null;
            }));
        }
        for (Future<?> send : sends) {
            send.get();
        }
        senders.shutdown();
        double acceptSeconds = (System.nanoTime() - start) / 1e9;

        Map<String, String> statuses = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
        while (System.nanoTime() < deadline) {
            int done = 0;
            for (String id : accepted.keySet()) {
                String status = statuses.get(id);
                if (status == null || !(CONFIRMED_OR_LATER.contains(status) || FAILED.contains(status))) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(service + "/v1/submissions/" + id)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        status = new JsonObject(response.body()).getString("status");
                        statuses.put(id, status);
                    }
                }
                if (status != null && (CONFIRMED_OR_LATER.contains(status) || FAILED.contains(status))) {
                    done++;
                }
            }
            if (done == accepted.size()) {
                break;
            }
            Thread.sleep(250);
        }
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        sampler.join();

        long poolPeaks = 0;
        StringBuilder pools = new StringBuilder();
        for (MemoryPoolMXBean pool : heapPools) {
            long peak = pool.getPeakUsage().getUsed();
            poolPeaks += peak;
            pools.append(String.format(Locale.ROOT, "%s %.1f MiB; ", pool.getName(), mib(peak)));
        }
        long gcCount = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum() - gcCountBefore;
        long gcTime = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() - gcTimeBefore;
        long confirmed = statuses.values().stream().filter(CONFIRMED_OR_LATER::contains).count();
        long failed = statuses.values().stream().filter(FAILED::contains).count();
        connector.close();
        vm.detach();

        System.out.printf(Locale.ROOT, "%d registrations with 2 × %,d-byte images: %d accepted in %.1f s, %d refused, "
                        + "%d CONFIRMED or later, %d failed, after %.1f s%n", registrations, imageBytes, accepted.size(),
                acceptSeconds, refused.size(), confirmed, failed, totalSeconds);
        refused.forEach((i, why) -> System.out.println("  refused #" + i + ": " + abbreviate(why)));
        System.out.printf(Locale.ROOT, "heap max %.0f MiB; used (sampled every 20 ms) peaked at %.1f MiB; heap pool "
                        + "peaks: %s(sum %.1f MiB); committed peaked at %.1f MiB; %d GCs, %d ms%n", mib(heapMax),
                mib(maxUsed.get()), pools, mib(poolPeaks), mib(maxCommitted.get()), gcCount, gcTime);

        out.line(String.format(Locale.ROOT, "| registrations sent at once | %d (two images of %,d bytes each) |",
                registrations, imageBytes));
        out.line(String.format(Locale.ROOT, "| accepted (202) / refused | %d / %d |", accepted.size(), refused.size()));
        out.line(String.format(Locale.ROOT, "| CONFIRMED or later / failed | %d / %d (all accepted in %.1f s, "
                + "all confirmed after %.1f s) |", confirmed, failed, acceptSeconds, totalSeconds));
        out.line(String.format(Locale.ROOT, "| service heap max (-Xmx) | %.0f MiB |", mib(heapMax)));
        out.line(String.format(Locale.ROOT, "| peak heap used, sampled every 20 ms | %.1f MiB |", mib(maxUsed.get())));
        out.line(String.format(Locale.ROOT, "| sum of heap pool peaks (upper bound) | %.1f MiB (%s) |", mib(poolPeaks),
                pools.toString().replaceAll("; $", "")));
        out.line(String.format(Locale.ROOT, "| GCs during the run | %d, %d ms in total |", gcCount, gcTime));
        System.exit(refused.isEmpty() && confirmed == registrations ? 0 : 1);
    }

    /** The registration's multipart body, streamed from the shared image arrays. */
    static HttpRequest.BodyPublisher streamed(String boundary, String details, byte[] ktp, byte[] selfie) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"details\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + details + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"ktp\"; filename=\"ktp.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n";
        String middle = "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"selfie\"; filename=\"selfie.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        return HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.ofByteArray(ktp),
                HttpRequest.BodyPublishers.ofString(middle, StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.ofByteArray(selfie),
                HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
