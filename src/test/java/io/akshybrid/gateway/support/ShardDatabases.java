package io.akshybrid.gateway.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the embedded shards' databases directly over JDBC, to check what the gateway stored and where.
 * The embedded server's port is the one the gateway published when it started it.
 */
public final class ShardDatabases {

    private ShardDatabases() {}

    public static Connection open(String database) throws SQLException {
        String port = System.getProperty("akshybrid.embedded-postgres.port");
        if (port == null) {
            throw new IllegalStateException("the embedded PostgreSQL server is not running");
        }
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "postgres");
        return new org.postgresql.Driver().connect("jdbc:postgresql://localhost:" + port + "/" + database, p);
    }

    /** Rows of a query as column-name maps. */
    public static List<Map<String, Object>> query(String database, String sql) {
        try (Connection c = open(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String database, String sql) {
        return ((Number) query(database, sql).get(0).values().iterator().next()).longValue();
    }

    public static int update(String database, String sql) {
        try (Connection c = open(database);
                Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
