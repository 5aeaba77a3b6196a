package io.vaxline.devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain queries against the stack's PostgreSQL, for checks made from outside the services (tests, drills, benchmarks). */
public final class Sql {

    private Sql() {
    }

    /** The number the query selects (e.g. a count). */
    public static long count(Endpoints endpoints, String database, String sql) {
        try (Connection c = connect(endpoints, database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Query on " + database + " failed: " + sql, e);
        }
    }

    /** Every row the query selects, each as "column=value" strings in column order. */
    public static List<List<String>> rows(Endpoints endpoints, String database, String sql) {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = connect(endpoints, database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(meta.getColumnName(i) + "=" + rs.getString(i));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query on " + database + " failed: " + sql, e);
        }
        return rows;
    }

    private static Connection connect(Endpoints endpoints, String database) throws SQLException {
        return DriverManager.getConnection(endpoints.jdbcUrl(database), endpoints.dbUser(), endpoints.dbPassword());
    }
}
