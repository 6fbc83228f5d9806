package dev.onekycbridge.adapter.persistence;

/**
 * What a SQLite vacuum gave back: the size of the database file with its WAL, before and after.
 *
 * @param bytesBefore the file and its WAL before the vacuum
 * @param bytesAfter the file and its WAL after it, the WAL checkpointed and cut back
 */
public record VacuumReport(long bytesBefore, long bytesAfter) {
}
