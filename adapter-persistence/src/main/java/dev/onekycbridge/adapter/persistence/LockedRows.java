package dev.onekycbridge.adapter.persistence;

import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.SelectLimitStep;

/**
 * The rows of one re-encryption batch, locked for the caller's write transaction, so that none changes or vanishes
 * between its read and its rewrite (a staged image replaced in between was read half as one staging and half as
 * the other, and failed to decrypt).
 *
 * <p>PostgreSQL: the rows no other transaction holds ({@code FOR UPDATE SKIP LOCKED}); when every row left is held,
 * the first of them, waited for. The rotation thus waits only while it holds nothing, and cannot deadlock with a
 * write of the service, whatever order that write takes its rows in. SQLite: the write transaction holds the whole
 * database, so the rows are read as they are.
 */
final class LockedRows {
    private LockedRows() {
    }

    /** {@code rows}: a new query each call (jOOQ's steps are mutable). */
    static <R extends Record> Result<R> lock(DSLContext ctx, Supplier<SelectLimitStep<R>> rows, int limit) {
        if (ctx.family() != SQLDialect.POSTGRES) {
            return rows.get().limit(limit).fetch();
        }
        Result<R> free = rows.get().limit(limit).forUpdate().skipLocked().fetch();
        return free.isNotEmpty() ? free : rows.get().limit(1).forUpdate().fetch();
    }
}
