package dev.onekycbridge.app;

import java.lang.management.ManagementFactory;
import java.util.UUID;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells the lease owners that can never release their leases: a process of this host that is no longer running
 * (killed with {@code kill -9}, crashed), or this very process, started again with its predecessor's pid (a
 * restarted container keeps its pid, often 1, and its host name) before its workers hold anything. Without it,
 * their submissions waited for the whole claim lease (ten minutes by default) with no one to take them over.
 * Only owners named as {@link #instanceId} names them are told; any other (an embedder's own) is left to run out.
 */
final class StoppedProcesses implements Predicate<String> {
    /** An instance id: the JVM's {@code pid@host} and a random suffix; a claim adds {@code #} and its own. */
    private static final Pattern INSTANCE = Pattern.compile("(\\d{1,18})@(.+)-[0-9a-f]{8}");

    private final long pid;
    private final String host;
    private final LongPredicate running;

    StoppedProcesses(long pid, String host, LongPredicate running) {
        this.pid = pid;
        this.host = host;
        this.running = running;
    }

    /** This process's instance id, unique per running process: {@code pid@host-xxxxxxxx}. */
    static String instanceId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The owners of this host that are gone, as the operating system tells of their pids. */
    static StoppedProcesses ofThisHost() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        return new StoppedProcesses(ProcessHandle.current().pid(), name.substring(name.indexOf('@') + 1),
                pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Override
    public boolean test(String owner) {
        int claim = owner.indexOf('#');
        Matcher instance = INSTANCE.matcher(claim < 0 ? owner : owner.substring(0, claim));
        if (!instance.matches() || !instance.group(2).equals(host)) {
            return false;
        }
        long owned = Long.parseLong(instance.group(1));
        return owned == pid || !running.test(owned);
    }
}
