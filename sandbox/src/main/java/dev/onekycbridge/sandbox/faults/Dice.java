package dev.onekycbridge.sandbox.faults;

import java.util.Random;

/**
 * The random draws behind injected faults. Requests and callbacks draw from separate sequences, so a test's
 * request faults stay reproducible with a seed whatever the timing of callbacks.
 */
public final class Dice {

    /**
     * One request's draws, each uniform in [0, 1); {@code lostAnswer} is 1 (never below a rate) when it was not
     * drawn.
     */
    public record RequestRoll(double latency, double reset, double error, double lostAnswer) {
    }

    /** One automatic callback's draws, each uniform in [0, 1). */
    public record CallbackRoll(double drop, double duplicate) {
    }

    private Random requests = new Random();
    private Random callbacks = new Random();

    /** Restarts both sequences from {@code seed}, or from a random seed when it is null. */
    public synchronized void reseed(Long seed) {
        if (seed == null) {
            requests = new Random();
            callbacks = new Random();
        } else {
            requests = new Random(seed);
            callbacks = new Random(~seed);
        }
    }

    /**
     * Always three draws, in this order, so the sequence does not depend on which faults are switched on; a fourth
     * for the lost answer only when asked, so that with that fault off a seed replays as it did before it existed.
     */
    public synchronized RequestRoll rollRequest(boolean lostAnswer) {
        return new RequestRoll(requests.nextDouble(), requests.nextDouble(), requests.nextDouble(),
                lostAnswer ? requests.nextDouble() : 1);
    }

    public synchronized CallbackRoll rollCallback() {
        return new CallbackRoll(callbacks.nextDouble(), callbacks.nextDouble());
    }
}
