package dev.onekycbridge.adapter.persistence;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.SQLDialect;

/**
 * How to reach the database and protect what it stores.
 *
 * @param jdbcUrl {@code jdbc:sqlite:<file>} (the file and its folder are created on first start; no URL options,
 *     the adapter sets the pragmas) or {@code jdbc:postgresql://…}; the dialect follows from it
 * @param user null for SQLite, or when the URL carries it
 * @param password null for SQLite, or when the URL carries it; never printed
 * @param dataKey the key new values are encrypted under
 * @param previousDataKeys older keys still able to read values written before a rotation (see
 *     {@link PersistenceAdapter#reencrypt})
 * @param poolSize the most connections held open at once
 * @param migrateOnOpen whether {@link PersistenceAdapter#open} applies pending migrations first
 * @param imageFolder SQLite only: where staged images are kept as files, each encrypted under a key of its own
 *     that only its row holds; null keeps them in the database, in chunks. Files spare the one SQLite writer a
 *     third of its work and more (an image's pages are written to the WAL, checkpointed and overwritten when
 *     deleted). PostgreSQL keeps them in the database, which its instances share.
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, DataKey dataKey,
                             List<DataKey> previousDataKeys, int poolSize, boolean migrateOnOpen, Path imageFolder) {
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final String DEFAULT_URL = "jdbc:sqlite:data/onekyc-bridge.db";

    public DatabaseConfig {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("a JDBC URL is required");
        }
        Objects.requireNonNull(dataKey, "dataKey");
        previousDataKeys = previousDataKeys == null ? List.of() : List.copyOf(previousDataKeys);
        if (poolSize < 1 || poolSize > 200) {
            throw new IllegalArgumentException("poolSize must be between 1 and 200");
        }
        if (imageFolder != null && !jdbcUrl.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException("an image folder is for SQLite: instances sharing a PostgreSQL "
                    + "database share their staged images through it");
        }
        for (DataKey previous : previousDataKeys) {
            if (previous.id().equals(dataKey.id()) && !previous.equals(dataKey)) {
                throw new IllegalArgumentException("two different data keys have the id " + dataKey.id());
            }
        }
    }

    /** A configuration with no credentials, no previous keys, the default pool, migrating on open. */
    public static DatabaseConfig of(String jdbcUrl, DataKey dataKey) {
        return new DatabaseConfig(jdbcUrl, null, null, dataKey, List.of(), DEFAULT_POOL_SIZE, true, null);
    }

    public DatabaseConfig withCredentials(String user, String password) {
        return new DatabaseConfig(jdbcUrl, user, password, dataKey, previousDataKeys, poolSize, migrateOnOpen, imageFolder);
    }

    public DatabaseConfig withPoolSize(int poolSize) {
        return new DatabaseConfig(jdbcUrl, user, password, dataKey, previousDataKeys, poolSize, migrateOnOpen, imageFolder);
    }

    public DatabaseConfig withPreviousDataKeys(List<DataKey> previousDataKeys) {
        return new DatabaseConfig(jdbcUrl, user, password, dataKey, previousDataKeys, poolSize, migrateOnOpen, imageFolder);
    }

    public DatabaseConfig withMigrateOnOpen(boolean migrateOnOpen) {
        return new DatabaseConfig(jdbcUrl, user, password, dataKey, previousDataKeys, poolSize, migrateOnOpen, imageFolder);
    }

    public DatabaseConfig withImageFolder(Path imageFolder) {
        return new DatabaseConfig(jdbcUrl, user, password, dataKey, previousDataKeys, poolSize, migrateOnOpen,
                imageFolder);
    }

    /**
     * On SQLite, staged images as files in the folder beside the database file ({@code <file>.images}); on
     * PostgreSQL, this configuration unchanged.
     */
    public DatabaseConfig withImageFolderBesideSqliteFile() {
        if (!jdbcUrl.startsWith("jdbc:sqlite:")) {
            return this;
        }
        Path file = Database.sqliteFile(jdbcUrl);
        return withImageFolder(file.resolveSibling(file.getFileName() + ".images"));
    }

    /**
     * The database file a {@code jdbc:sqlite:} URL names, whatever options follow it (the adapter refuses them when
     * it opens), a relative path taken from the working directory; empty for PostgreSQL, an in-memory database and
     * a text that is not a path.
     */
    public static Optional<Path> sqliteFileOf(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:sqlite:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Database.sqliteFileNamed(jdbcUrl));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Why {@link PersistenceAdapter#open} would refuse this URL (neither SQLite nor PostgreSQL; a SQLite URL with
     * options, or in memory), for a configuration check that lists it with its other problems; empty when the URL
     * is taken. The reason never repeats the URL, which may hold a password.
     */
    public static Optional<String> problemOf(String jdbcUrl) {
        try {
            if (Database.dialectOf(jdbcUrl) == SQLDialect.SQLITE) {
                Database.sqliteFile(jdbcUrl);
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The URL without anything that looks like a password, for logs. */
    public String redactedUrl() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + redactedUrl() + ", user=" + user + ", password="
                + (password == null ? "null" : "***") + ", dataKey=" + dataKey.id() + ", previousDataKeys="
                + previousDataKeys.stream().map(DataKey::id).toList() + ", poolSize=" + poolSize
                + ", migrateOnOpen=" + migrateOnOpen + ", imageFolder=" + imageFolder + "]";
    }
}
