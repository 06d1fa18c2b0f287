package io.akshybrid.gateway.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Plain JDBC to a PostgreSQL server of a test, by port: the embedded binaries trust local logins. */
public final class PgServer {

    private PgServer() {}

    public static Connection connect(int port, String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
    }

    public static void sql(int port, String database, String statement) throws SQLException {
        try (Connection c = connect(port, database);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** The first column of the first row, as a number. */
    public static long count(int port, String database, String query) throws SQLException {
        try (Connection c = connect(port, database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
