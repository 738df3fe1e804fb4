package io.shoplens.profile.audience;

import io.shoplens.analytics.EventIngest;
import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.DataException;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Loads a validated canonical events Parquet file (as {@link EventIngest} writes it) into an in-memory
 * {@link InteractionStore}, for the learners that work on one (purchase propensity). Ids keep their text form,
 * so the store's external ids equal the profile table's user ids cast to text.
 */
public final class ParquetStore {
    private ParquetStore() {
    }

    /** The store of {@code events} (columns user_id, item_id, category_id, behavior, ts). */
    public static InteractionStore load(Path events) {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT CAST(user_id AS VARCHAR), CAST(item_id AS VARCHAR), "
                     + "CAST(category_id AS VARCHAR), behavior, ts FROM read_parquet('"
                     + events.toAbsolutePath().toString().replace("'", "''") + "')")) {
            while (rs.next()) {
                b.event(rs.getString(1), rs.getString(2), rs.getString(3), Behavior.parse(rs.getString(4)),
                        rs.getLong(5));
            }
        } catch (SQLException e) {
            throw new DataException("cannot read " + events + ": " + e.getMessage(), e);
        }
        return b.build();
    }
}
