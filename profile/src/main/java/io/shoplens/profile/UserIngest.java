package io.shoplens.profile;

import io.shoplens.core.data.DataException;
import io.shoplens.core.io.BadRowException;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.io.LoadReport;
import io.shoplens.core.io.UsersCsvReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the user attributes CSV ({@code user,age_band,gender,region}) with core's {@link UsersCsvReader} (bad rows
 * quarantined like every other input; a user listed twice is a bad row) and writes it as Parquet
 * {@code users(user_id, age_band, gender, region)}, all text, for the profile query's join.
 */
public final class UserIngest {
    private UserIngest() {
    }

    /** The validated users table and what validation did. */
    public record Result(Path parquet, LoadReport report) {
    }

    /** Validates {@code csv} and writes {@code <workDir>/users.parquet}. */
    public static Result ingest(Path csv, LoadOptions options, Path workDir) {
        Path staging = workDir.resolve("users.staging.csv");
        Path parquet = workDir.resolve("users.parquet");
        Set<String> seen = new HashSet<>();
        LoadReport report;
        try {
            Files.createDirectories(workDir);
            try (BufferedWriter w = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
                report = new UsersCsvReader().read(csv, (user, age, gender, region) -> {
                    if (!seen.add(user)) {
                        throw new BadRowException("user '" + user + "' is listed twice");
                    }
                    try {
                        w.write(quote(user) + "," + quote(age) + "," + quote(gender) + "," + quote(region) + "\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, options);
            }
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
                st.execute("COPY (SELECT * FROM read_csv('" + sqlPath(staging) + "', header = false, delim = ',', "
                        + "quote = '\"', escape = '\"', auto_detect = false, columns = {'user_id': 'VARCHAR', "
                        + "'age_band': 'VARCHAR', 'gender': 'VARCHAR', 'region': 'VARCHAR'})) TO '" + sqlPath(parquet)
                        + "' (FORMAT parquet)");
            }
            Files.deleteIfExists(staging);
        } catch (IOException | UncheckedIOException e) {
            throw new DataException("cannot stage the users file " + csv + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new DataException("cannot convert the users file " + csv + " to Parquet: " + e.getMessage(), e);
        }
        return new Result(parquet, report);
    }

    /** A CSV field: empty for null (read back as NULL), quoted when needed. */
    private static String quote(String s) {
        if (s == null) {
            return "";
        }
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    static String sqlPath(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }
}
