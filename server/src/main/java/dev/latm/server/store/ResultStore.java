package dev.latm.server.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.ReferenceBaseline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Measured results in an embedded SQLite database, so a search that asks again for a network it
 * already measured gets the answer at once, and the device's results survive restarts and become a
 * latency dataset ({@code latm results export}); and the device's reference baselines, which every
 * anchored result is scaled by, so that the scale survives restarts too.
 *
 * <p>One connection, serialised by this object's monitor: the single measurement worker writes and
 * the gRPC threads read, both rarely compared with a measurement's duration. Close it last.
 */
public final class ResultStore implements AutoCloseable {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS measurements (
              store_key       TEXT PRIMARY KEY,
              architecture_id TEXT NOT NULL,
              engine          TEXT NOT NULL,
              measured_at     TEXT NOT NULL,
              architecture    TEXT NOT NULL,
              response        BLOB NOT NULL
            )""";

    /**
     * The device's calibrated reference baselines (latm.v1.ReferenceBaseline), one per reference,
     * engine and version, threads, dtype and device. Created beside a store of any age, so a store
     * written before anchoring existed opens as it was, its results still served and exported.
     */
    private static final String BASELINES = """
            CREATE TABLE IF NOT EXISTS baselines (
              baseline_key    TEXT PRIMARY KEY,
              device_id       TEXT NOT NULL,
              measured_at     TEXT NOT NULL,
              baseline        BLOB NOT NULL
            )""";

    private final Path path;
    private final Connection connection;
    private boolean closed;

    private ResultStore(Path path, Connection connection) {
        this.path = path;
        this.connection = connection;
    }

    /**
     * Opens (creating if needed) the store at {@code path}; its parent directories are created.
     *
     * @throws UncheckedIOException when the file cannot be created or is not a latm store
     */
    public static ResultStore open(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + path.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                // the CLI's in-process servers of separate processes share a store's baselines
                statement.execute("PRAGMA busy_timeout=5000");
                statement.execute(SCHEMA);
                statement.execute(BASELINES);
            }
            return new ResultStore(path, connection);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the result store directory for " + path, e);
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("cannot open the result store " + path + ": "
                    + e.getMessage(), e));
        }
    }

    public Path path() {
        return path;
    }

    /** The stored result for {@code key}, as it was first returned. */
    public synchronized Optional<MeasureResponse> find(StoreKey key) {
        checkOpen();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT response FROM measurements WHERE store_key = ?")) {
            select.setString(1, key.encoded());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(MeasureResponse.parseFrom(rows.getBytes(1)));
            }
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new StoreException("cannot read the result store " + path, e);
        }
    }

    /** Stores (or replaces, after a forced re-measurement) the result for {@code key}. */
    public synchronized void put(StoreKey key, Architecture normalized, MeasureResponse response) {
        checkOpen();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR REPLACE INTO measurements VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, key.encoded());
            insert.setString(2, key.architectureId());
            insert.setString(3, key.engine());
            insert.setString(4, response.getMeasuredAt());
            insert.setString(5, JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace()
                    .print(normalized));
            insert.setBytes(6, response.toByteArray());
            insert.executeUpdate();
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new StoreException("cannot write the result store " + path, e);
        }
    }

    public synchronized long count() {
        checkOpen();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM measurements")) {
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot read the result store " + path, e);
        }
    }

    /** Visits every stored result with its normalised architecture, oldest first. */
    public synchronized void forEach(BiConsumer<Architecture, MeasureResponse> visitor) {
        checkOpen();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT architecture, response FROM measurements ORDER BY measured_at, store_key")) {
            while (rows.next()) {
                Architecture.Builder architecture = Architecture.newBuilder();
                JsonFormat.parser().merge(rows.getString(1), architecture);
                visitor.accept(architecture.build(), MeasureResponse.parseFrom(rows.getBytes(2)));
            }
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new StoreException("cannot read the result store " + path, e);
        }
    }

    /** The baseline stored under {@code key} ({@code ReferenceKey}'s encoding), if any. */
    public synchronized Optional<ReferenceBaseline> findBaseline(String key) {
        checkOpen();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT baseline FROM baselines WHERE baseline_key = ?")) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(ReferenceBaseline.parseFrom(rows.getBytes(1))) : Optional.empty();
            }
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new StoreException("cannot read the result store " + path, e);
        }
    }

    /** Stores (or replaces, after a new calibration) the baseline under {@code key}. */
    public synchronized void putBaseline(String key, ReferenceBaseline baseline) {
        checkOpen();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR REPLACE INTO baselines VALUES (?, ?, ?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, baseline.getDeviceId());
            insert.setString(3, baseline.getMeasuredAt());
            insert.setBytes(4, baseline.toByteArray());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot write the result store " + path, e);
        }
    }

    /** Every baseline of device {@code deviceId}, oldest first. */
    public synchronized List<ReferenceBaseline> baselines(String deviceId) {
        checkOpen();
        List<ReferenceBaseline> baselines = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT baseline FROM baselines WHERE device_id = ? ORDER BY measured_at, baseline_key")) {
            select.setString(1, deviceId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    baselines.add(ReferenceBaseline.parseFrom(rows.getBytes(1)));
                }
            }
            return baselines;
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new StoreException("cannot read the result store " + path, e);
        }
    }

    /** Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the result store " + path, e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the result store " + path + " is closed");
        }
    }

    /** A failure of the database underneath; the service reports it as INTERNAL. */
    public static final class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreException(String message, Throwable cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }
}
