/*
 * ClientTest.java: the PostgreSQL JDBC driver (Debian's libpostgresql-jdbc-java)
 * against the extension, the way a Java service and a JDBC-based BI tool
 * (Metabase, Tableau, DBeaver) use it: over TCP with a password, an editor
 * writing phases and list entries with prepared statements, a reader
 * listing the views and their columns through DatabaseMetaData and reading
 * them.  Every view column must come back as a standard java.sql.Types
 * code with a comment; a BI tool shows anything else as "unknown".
 *
 * Run with the JDK's source launcher:
 *   java -cp /usr/share/java/postgresql.jar ClientTest.java
 * Connection settings come from the environment: PGPORT, CLIENT_DATABASE,
 * CLIENT_EDITOR / CLIENT_EDITOR_PASSWORD, CLIENT_READER / CLIENT_READER_PASSWORD.
 * Prints "ok - ..." lines; exits 1 at the first wrong answer.
 */

import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import org.postgresql.util.PGobject;

public class ClientTest {
    private static final String SCHEMA = "prisoner_exchange";

    /* The types a BI tool maps to numbers, text, dates and flags. */
    private static final Map<Integer, String> STANDARD_TYPES = Map.of(
        Types.BIGINT, "BIGINT", Types.INTEGER, "INTEGER", Types.SMALLINT, "SMALLINT",
        Types.NUMERIC, "NUMERIC", Types.REAL, "REAL", Types.DOUBLE, "DOUBLE",
        Types.VARCHAR, "VARCHAR", Types.DATE, "DATE", Types.TIMESTAMP, "TIMESTAMP",
        Types.BIT, "BIT");

    /* The views a reader may read; list_reconciliation names people. */
    private static final Set<String> READER_VIEWS = Set.of(
        "agreement_coverage", "agreement_progress", "captive_ratios", "data_dictionary", "phase_composition",
        "phase_progress", "remains_returned", "category_progress", "published_total_check");

    private static int checks = 0;

    private static void ok(String what) {
        System.out.println("ok - " + what);
        checks++;
    }

    private static void check(boolean condition, String what) {
        if (!condition)
            throw new AssertionError(what);
    }

    private static Connection connect(String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", "prisoner_exchange JDBC client test");
        String url = "jdbc:postgresql://127.0.0.1:" + System.getenv("PGPORT") + "/" + System.getenv("CLIENT_DATABASE");
        return DriverManager.getConnection(url, props);
    }

    private static PGobject phase(String text) throws SQLException {
        PGobject value = new PGobject();
        value.setType(SCHEMA + ".exchange_phase");
        value.setValue(text);
        return value;
    }

    private static String sqlState(ThrowingRunnable action) throws Exception {
        try {
            action.run();
        } catch (BatchUpdateException e) {
            SQLException cause = e.getNextException();
            return cause != null ? cause.getSQLState() : e.getSQLState();
        } catch (SQLException e) {
            return e.getSQLState();
        }
        return "no error";
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /* An editor records an agreement, its phases and a list, as a service would. */
    private static void writeAsEditor(Connection db) throws Exception {
        try (PreparedStatement insert = db.prepareStatement(
                 "INSERT INTO prisoner_exchange.agreement (name, side_a, side_b, agreed_on, quota) "
                 + "VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            insert.setString(1, "JDBC client");
            insert.setString(2, "Ukraine");
            insert.setString(3, "Russia");
            insert.setDate(4, java.sql.Date.valueOf("2025-05-16"));
            insert.setObject(5, phase("1,000-for-1,000"));
            try (ResultSet rs = insert.executeQuery()) {
                check(rs.next(), "the agreement's id comes back");
            }
        }
        try (PreparedStatement insert = db.prepareStatement(
                 "INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts) "
                 + "SELECT id, ?, ? FROM prisoner_exchange.agreement WHERE name = 'JDBC client'")) {
            String[][] phases = {{"2025-05-23", "390:390"}, {"2025-05-24", "307 for 307"}};
            for (String[] p : phases) {
                insert.setDate(1, java.sql.Date.valueOf(p[0]));
                insert.setObject(2, phase(p[1]));
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            check(counts.length == 2 && counts[0] == 1 && counts[1] == 1, "two phases inserted in one batch");
        }
        ok("agreement and two phases written with prepared statements, exchange_phase as PGobject, in a batch");

        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery(
                 "SELECT p.counts, prisoner_exchange.sum(p.counts) OVER () AS returned "
                 + "FROM prisoner_exchange.phase AS p JOIN prisoner_exchange.agreement AS a ON a.id = p.agreement_id "
                 + "WHERE a.name = 'JDBC client' ORDER BY p.exchanged_on")) {
            check(rs.next(), "first phase");
            check(rs.getString("counts").equals("390:390"), "counts read with getString: " + rs.getString("counts"));
            Object typed = rs.getObject("counts");
            check(typed instanceof PGobject && ((PGobject) typed).getType().equals("exchange_phase")
                  && ((PGobject) typed).getValue().equals("390:390"), "getObject gives a PGobject of exchange_phase");
            check(rs.getString("returned").equals("697:697"), "sum(counts) read as text");
        }
        ok("exchange_phase read as its text form: getString 390:390, getObject a PGobject of type exchange_phase");

        String state = sqlState(() -> {
            try (PreparedStatement insert = db.prepareStatement(
                     "INSERT INTO prisoner_exchange.phase (agreement_id, exchanged_on, counts) "
                     + "SELECT id, '2025-05-25', ? FROM prisoner_exchange.agreement WHERE name = 'JDBC client'")) {
                insert.setObject(1, phase("304:304"));
                insert.executeUpdate();
            }
        });
        check(state.equals("23514"), "a phase over the quota: SQLSTATE " + state);
        state = sqlState(() -> {
            try (PreparedStatement bad = db.prepareStatement("SELECT ?")) {
                bad.setObject(1, phase("1e3:1"));
                bad.executeQuery().close();
            }
        });
        check(state.equals("22P02"), "a malformed exchange_phase: SQLSTATE " + state);
        ok("a phase over the quota is refused with 23514, a malformed value with 22P02");

        // A list sent by the other side, in Latin letters, against a Cyrillic registry.
        try (Statement st = db.createStatement()) {
            // Two people of the registry came home in the first phase: a group
            // too small for a reader to see in phase_composition.
            st.executeUpdate("INSERT INTO prisoner_exchange.person (full_name, birth_year, status, returned_in_phase_id) "
                             + "SELECT n, y, 'returned', (SELECT min(id) FROM prisoner_exchange.phase) FROM (VALUES "
                             + "('Шевченко Олександр Іванович', 1991), ('Коваленко Петро Миколайович', 1985)) AS v(n, y)");
            st.executeUpdate("INSERT INTO prisoner_exchange.captive_estimate "
                             + "(held_by, captive_side, category, as_of, held_at_least, returned, source) "
                             + "VALUES ('Russia', 'Ukraine', 'civilian', '2025-05-24', 16000, 174, 'client test')");
            // Remains handed over, one number not published: read as a lower bound.
            st.executeUpdate("INSERT INTO prisoner_exchange.remains_transfer "
                             + "(agreement_id, transferred_on, to_side, from_side, bodies) "
                             + "SELECT min(id), DATE '2025-06-11', 'Ukraine', 'Russia', v FROM prisoner_exchange.agreement, "
                             + "(VALUES (12), (NULL)) AS b(v) GROUP BY v");
            // Terms for one category (1.5): category_progress has a row.
            st.executeUpdate("INSERT INTO prisoner_exchange.agreement_term (agreement_id, category, ratio) "
                             + "SELECT min(id), 'military', '1:1' FROM prisoner_exchange.agreement");
            // A published running total (1.5): published_total_check has a row.
            st.executeUpdate("INSERT INTO prisoner_exchange.published_total (returned_to, as_of, figure) "
                             + "VALUES ('Ukraine', DATE '2025-05-25', 1000)");
        }
        long listId;
        try (PreparedStatement insert = db.prepareStatement(
                 "INSERT INTO prisoner_exchange.exchange_list (agreement_id, sent_by, received_on, title) "
                 + "SELECT id, ?, ?, ? FROM prisoner_exchange.agreement WHERE name = 'JDBC client' RETURNING id")) {
            insert.setString(1, "Russia");
            insert.setDate(2, java.sql.Date.valueOf("2025-05-22"));
            insert.setString(3, "JDBC client list");
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                listId = rs.getLong(1);
            }
        }
        try (PreparedStatement insert = db.prepareStatement(
                 "INSERT INTO prisoner_exchange.list_entry (list_id, line_number, name_as_written, birth_year) VALUES (?, ?, ?, ?)")) {
            Object[][] entries = {{1, "SHEVCHENKO OLEKSANDR IVANOVYCH", 1991}, {2, "Kowałenko Petro Mykołajowycz", 1985},
                                  {3, "Melnyk Taras", 1979}};
            for (Object[] e : entries) {
                insert.setLong(1, listId);
                insert.setInt(2, (Integer) e[0]);
                insert.setString(3, (String) e[1]);
                insert.setInt(4, (Integer) e[2]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement reconcile = db.prepareStatement("SELECT verdict, entries FROM prisoner_exchange.reconcile(?)")) {
            reconcile.setLong(1, listId);
            reconcile.executeQuery().close();
        }
        List<String> got = new ArrayList<>();
        try (PreparedStatement read = db.prepareStatement(
                 "SELECT line_number, best_name, verdict, best_score FROM prisoner_exchange.list_reconciliation "
                 + "WHERE list_id = ? ORDER BY line_number")) {
            read.setLong(1, listId);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next())
                    got.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
            }
        }
        List<String> expected = List.of("1|Шевченко Олександр Іванович|matched", "2|Коваленко Петро Миколайович|matched",
                                         "3|null|not in registry");
        check(got.equals(expected), "reconciliation: " + got);
        ok("list entries written in a batch and reconciled: 2 matched in Cyrillic, 1 not in the registry");
    }

    /*
     * What a BI tool does on connecting: list the views, their columns and
     * comments (DatabaseMetaData), then read each one (ResultSetMetaData).
     */
    private static void readViews(Connection db, String role, boolean editor) throws Exception {
        DatabaseMetaData meta = db.getMetaData();
        List<String> views = new ArrayList<>();
        try (ResultSet rs = meta.getTables(null, SCHEMA, "%", new String[] {"VIEW"})) {
            while (rs.next()) {
                String remarks = rs.getString("REMARKS");
                check(remarks != null && !remarks.isEmpty(), "view " + rs.getString("TABLE_NAME") + " has a comment");
                views.add(rs.getString("TABLE_NAME"));
            }
        }
        check(views.size() == 11, "getTables lists the 11 views: " + views);
        for (String view : views) {
            boolean readable = editor || READER_VIEWS.contains(view);
            if (!readable) {
                String state = sqlState(() -> db.createStatement().executeQuery("SELECT * FROM " + SCHEMA + "." + view).close());
                check(state.equals("42501"), role + " reading " + view + ": SQLSTATE " + state);
                ok(role + ": " + view + " (names people) is refused with 42501");
                continue;
            }
            Map<String, String> comments = new TreeMap<>();
            try (ResultSet rs = meta.getColumns(null, SCHEMA, view, "%")) {
                while (rs.next()) {
                    String remarks = rs.getString("REMARKS");
                    check(remarks != null && !remarks.isEmpty(), view + "." + rs.getString("COLUMN_NAME") + " has a comment");
                    check(STANDARD_TYPES.containsKey(rs.getInt("DATA_TYPE")),
                          view + "." + rs.getString("COLUMN_NAME") + " getColumns DATA_TYPE " + rs.getInt("DATA_TYPE")
                          + " (" + rs.getString("TYPE_NAME") + ") is not a standard SQL type");
                    comments.put(rs.getString("COLUMN_NAME"), remarks);
                }
            }
            Map<String, Integer> typeCounts = new TreeMap<>();
            int rows = 0;
            try (Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery("SELECT * FROM " + SCHEMA + "." + view)) {
                ResultSetMetaData rsmeta = rs.getMetaData();
                check(rsmeta.getColumnCount() == comments.size(), view + ": result and getColumns agree on the columns");
                for (int i = 1; i <= rsmeta.getColumnCount(); i++) {
                    String column = rsmeta.getColumnName(i);
                    String type = STANDARD_TYPES.get(rsmeta.getColumnType(i));
                    check(type != null, view + "." + column + ": ResultSetMetaData type " + rsmeta.getColumnType(i)
                          + " (" + rsmeta.getColumnTypeName(i) + ") is not a standard SQL type");
                    check(column.matches("[a-z][a-z0-9_]*"), view + "." + column + " is snake_case");
                    check(comments.containsKey(column), view + "." + column + " listed by getColumns");
                    typeCounts.merge(type, 1, Integer::sum);
                }
                while (rs.next())
                    rows++;
            }
            // Every view has rows, except that a reader sees no group smaller
            // than min_group_size() (5) in phase_composition.
            if (view.equals("phase_composition") && !editor)
                check(rows == 0, "reader sees " + rows + " rows of phase_composition, a group of 2");
            else
                check(rows > 0, view + " has rows");
            ok(role + ": " + view + ": " + comments.size() + " columns, all standard " + typeCounts
               + ", every one commented; " + rows + " rows");
        }
    }

    /* The figures, typed the way a service or a chart reads them. */
    private static void readFigures(Connection db) throws Exception {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery(
                 "SELECT returned_side_a, returned_total, remaining_side_b, percent_complete, status, balance_kept, "
                 + "first_exchanged_on FROM prisoner_exchange.agreement_progress WHERE agreement_name = 'JDBC client'")) {
            check(rs.next(), "the agreement's progress row");
            check(rs.getObject("returned_side_a") instanceof Integer && rs.getInt("returned_side_a") == 697, "returned_side_a 697");
            check(rs.getObject("returned_total") instanceof Long && rs.getLong("returned_total") == 1394, "returned_total 1394");
            check(rs.getInt("remaining_side_b") == 303, "remaining_side_b 303");
            check(rs.getBigDecimal("percent_complete").compareTo(new BigDecimal("69.7")) == 0, "percent_complete 69.7");
            check(rs.getString("status").equals("in progress") && rs.getBoolean("balance_kept"), "in progress, balanced");
            check(rs.getDate("first_exchanged_on").toString().equals("2025-05-23"), "first phase 2025-05-23");
            check(!rs.next(), "one row per agreement");
        }
        ok("agreement_progress read as Integer 697, Long 1394, BigDecimal 69.7, Date 2025-05-23");
    }

    public static void main(String[] args) throws Exception {
        try (Connection editor = connect(System.getenv("CLIENT_EDITOR"), System.getenv("CLIENT_EDITOR_PASSWORD"));
             Connection reader = connect(System.getenv("CLIENT_READER"), System.getenv("CLIENT_READER_PASSWORD"))) {
            DatabaseMetaData meta = reader.getMetaData();
            ok("connected over TCP with SCRAM: " + meta.getDriverName() + " " + meta.getDriverVersion() + " to PostgreSQL "
               + meta.getDatabaseProductVersion());
            writeAsEditor(editor);
            readFigures(reader);
            readViews(reader, "reader", false);
            readViews(editor, "editor", true);
        } catch (AssertionError | Exception e) {
            System.out.println("not ok - JDBC client: " + e);
            System.exit(1);
        }
        System.out.println("JDBC client: " + checks + " checks passed");
    }
}
