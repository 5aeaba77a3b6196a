package io.vaxline.booking;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.vaxline.devstack.Endpoints;
import io.vaxline.devstack.InfrastructureTestResource;

/** booking-api's database as the tests see it: to check what is (and is not) stored. */
final class Db {

    private Db() {
    }

    static List<List<String>> rows(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    static int update(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private static Connection connect() throws SQLException {
        Endpoints db = InfrastructureTestResource.endpoints();
        return DriverManager.getConnection(db.jdbcUrl("booking"), db.dbUser(), db.dbPassword());
    }
}
