package dev.onekycbridge.app;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells the lease owners that can never release their leases: a process of this host that is no longer running
 * (killed with {@code kill -9}, crashed), or an earlier process with this one's pid (a restarted container keeps
 * its pid, often 1, and its host name). Without it, their submissions waited for the whole claim lease (ten
 * minutes by default) with no one to take them over. The random suffix of an instance id tells this process's own
 * owners from its predecessor's: an id this JVM minted, or the one its bridge was given, is never told, for its
 * leases are live (a start request's inline launch may hold one before the workers start). Only owners named as
 * {@link #instanceId} names them are told; any other (an embedder's own) is left to run out.
 */
final class StoppedProcesses implements Predicate<String> {
    /** An instance id: the JVM's {@code pid@host} and a random suffix; a claim adds {@code #} and its own. */
    private static final Pattern INSTANCE = Pattern.compile("(\\d{1,18})@(.+)-[0-9a-f]{8}");
    /** The instance ids this JVM has handed out: the same pid as a predecessor's, but alive. */
    private static final Set<String> MINTED = ConcurrentHashMap.newKeySet();

    private final long pid;
    private final String host;
    private final LongPredicate running;
    private final Predicate<String> ours;

    /** @param ours whether an instance id (without any {@code #} claim) is this process's own */
    StoppedProcesses(long pid, String host, LongPredicate running, Predicate<String> ours) {
        this.pid = pid;
        this.host = host;
        this.running = running;
        this.ours = ours;
    }

    /** This process's instance id, unique per running process: {@code pid@host-xxxxxxxx}. */
    static String instanceId() {
        String id = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        MINTED.add(id);
        return id;
    }

    /**
     * The owners of this host that are gone, as the operating system tells of their pids; never {@code ownId} (an
     * id an embedder chose) nor an id {@link #instanceId} minted in this JVM.
     */
    static StoppedProcesses ofThisHost(String ownId) {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        return new StoppedProcesses(ProcessHandle.current().pid(), name.substring(name.indexOf('@') + 1),
                pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                id -> id.equals(ownId) || MINTED.contains(id));
    }

    @Override
    public boolean test(String owner) {
        int claim = owner.indexOf('#');
        String id = claim < 0 ? owner : owner.substring(0, claim);
        Matcher instance = INSTANCE.matcher(id);
        if (!instance.matches() || !instance.group(2).equals(host) || ours.test(id)) {
            return false;
        }
        long owned = Long.parseLong(instance.group(1));
        return owned == pid || !running.test(owned);
    }
}
