package dev.onekycbridge.adapter.persistence.schema;

import java.time.Instant;
import org.jooq.impl.AbstractConverter;

/**
 * Maps the schema's instant columns (epoch nanoseconds, UTC, in a BIGINT) to {@link Instant}: exact to the
 * nanosecond, and compared alike by SQLite and PostgreSQL. Instants outside 1677–2262 do not fit and are
 * refused.
 *
 * <p>Public only because the generated table classes refer to it; not part of the adapter's API.
 */
public final class EpochNanosConverter extends AbstractConverter<Long, Instant> {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    public EpochNanosConverter() {
        super(Long.class, Instant.class);
    }

    @Override
    public Instant from(Long nanos) {
        return nanos == null ? null : Instant.ofEpochSecond(0, nanos);
    }

    @Override
    public Long to(Instant instant) {
        if (instant == null) {
            return null;
        }
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("instant " + instant + " is outside the storable range (1677 to 2262)");
        }
    }
}
