package dev.onekycbridge.app.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A loopback TCP forwarder standing in for the load balancer in front of several service instances. Each
 * connection goes to the next backend in turn that accepts one: a backend that refuses (killed, or not listening
 * yet) is skipped, and when none accepts, the connection is closed, which its sender sees as a failed request.
 * Bytes are then copied both ways until both sides are done. Like a layer-4 balancer it never replays a request: a
 * connection cut by a killed backend fails, and its sender decides whether to send again.
 */
final class LoopbackForwarder implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

    private final ServerSocket server;
    private final List<Integer> backends;
    private final AtomicLongArray connections;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicInteger turn = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "soak-forwarder");
        thread.setDaemon(true);
        return thread;
    });

    private LoopbackForwarder(ServerSocket server, List<Integer> backends) {
        this.server = server;
        this.backends = List.copyOf(backends);
        this.connections = new AtomicLongArray(backends.size());
    }

    /** Listens on a free loopback port and forwards to the backends on these loopback ports. */
    static LoopbackForwarder start(List<Integer> backendPorts) throws IOException {
        LoopbackForwarder forwarder = new LoopbackForwarder(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                backendPorts);
        forwarder.threads.execute(forwarder::acceptAll);
        return forwarder;
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many connections went to each backend, in the order of the backends. */
    List<Long> connections() {
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < connections.length(); i++) {
            counts.add(connections.get(i));
        }
        return counts;
    }

    /** How many connections no backend accepted. */
    long refused() {
        return refused.get();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> forward(client));
            } catch (IOException e) {
                // Closed: the forwarder is done.
            }
        }
    }

    private void forward(Socket client) {
        Socket backend = connect();
        if (backend == null) {
            refused.incrementAndGet();
            close(client);
            return;
        }
        AtomicInteger ended = new AtomicInteger();
        threads.execute(() -> copy(client, backend, ended));
        copy(backend, client, ended);
    }

    /** The next backend in turn that accepts a connection, or null when none does. */
    private Socket connect() {
        int first = Math.floorMod(turn.getAndIncrement(), backends.size());
        for (int i = 0; i < backends.size(); i++) {
            int index = (first + i) % backends.size();
            Socket backend = new Socket();
            try {
                backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backends.get(index)),
                        CONNECT_TIMEOUT_MILLIS);
                open.add(backend);
                connections.incrementAndGet(index);
                return backend;
            } catch (IOException refusedHere) {
                close(backend);
            }
        }
        return null;
    }

    /**
     * Copies until {@code from} has no more to send, then passes that end on (a half close); once both directions
     * have ended, or either failed, both sockets are closed.
     */
    private void copy(Socket from, Socket to, AtomicInteger ended) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
            if (ended.incrementAndGet() < 2) {
                return;
            }
        } catch (IOException e) {
            // A reset or a kill: the other direction cannot go on either.
        }
        close(from);
        close(to);
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(this::close);
        threads.shutdownNow();
    }
}
