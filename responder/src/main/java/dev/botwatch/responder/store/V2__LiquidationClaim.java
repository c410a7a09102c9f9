package dev.botwatch.responder.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema version 2: {@code emergency.claimed}. Before it, {@code liquidated} meant "liquidation was
 * planned in this latch"; now it means "confirmed", and {@code claimed} carries the old meaning, so
 * a latch from an older store keeps its claim (a liquidation never runs twice in one latch). Java,
 * not SQL: stores of the first release lack the column, later unversioned ones already have it.
 */
final class V2__LiquidationClaim extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    boolean has = false;
    try (ResultSet rs = c.getMetaData().getColumns(null, null, "emergency", "claimed")) {
      has = rs.next();
    }
    if (!has) {
      try (Statement s = c.createStatement()) {
        s.execute("ALTER TABLE emergency ADD COLUMN claimed INTEGER NOT NULL DEFAULT 0");
        s.execute("UPDATE emergency SET claimed = liquidated");
      }
    }
  }
}
