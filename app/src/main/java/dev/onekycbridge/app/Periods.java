package dev.onekycbridge.app;

import java.time.Duration;

/** Periods as an operator writes them: {@link Duration#toString()} turns BRIDGE_PURGE_AFTER's P30D into PT720H. */
public final class Periods {
    private static final long SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

    private Periods() {
    }

    /** Whole days as {@code P30D}; any other period as ISO-8601 time ({@code PT15M}). */
    public static String text(Duration period) {
        if (period.getNano() == 0 && period.getSeconds() % SECONDS_PER_DAY == 0 && !period.isZero()) {
            return "P" + period.getSeconds() / SECONDS_PER_DAY + "D";
        }
        return period.toString();
    }
}
