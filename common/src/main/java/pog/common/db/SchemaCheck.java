package pog.common.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Whether a file's schema is already the newest, read without Flyway: every migration on the classpath
 * ({@code db/<schema>/V<n>__<what>.sql}) is in Flyway's history table as applied successfully, with the same script
 * name and the same checksum (Flyway's: CRC32 over the file's lines), and the history holds nothing else. Only then
 * may opening skip Flyway (about 400 classes and a few hundred milliseconds at every start); any doubt (a new
 * migration, an edited one, a failed one, an unreadable table) answers false, and Flyway migrates and validates as
 * always.
 */
final class SchemaCheck {
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__[^/]*\\.sql");

    private SchemaCheck() {
    }

    /** A migration as Flyway records it. */
    record Migration(String script, int checksum) {
    }

    static boolean current(Connection db, String schema, ClassLoader loader) {
        try {
            Map<Integer, Migration> wanted = migrations(schema, loader);
            return !wanted.isEmpty() && wanted.equals(applied(db));
        } catch (IOException | SQLException | RuntimeException e) {
            return false;
        }
    }

    /** The migrations on the classpath by version. */
    static Map<Integer, Migration> migrations(String schema, ClassLoader loader) throws IOException {
        Map<Integer, Migration> found = new TreeMap<>();
        String dir = "db/" + schema;
        Enumeration<URL> roots = loader.getResources(dir);
        while (roots.hasMoreElements()) {
            URL root = roots.nextElement();
            if (root.getProtocol().equals("jar")) {
                JarURLConnection c = (JarURLConnection) root.openConnection();
                c.setUseCaches(false);
                try (JarFile jar = c.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry e = entries.nextElement();
                        String name = e.getName();
                        if (name.startsWith(dir + "/") && name.indexOf('/', dir.length() + 1) < 0) {
                            try (InputStream in = jar.getInputStream(e)) {
                                add(found, name.substring(dir.length() + 1), in);
                            }
                        }
                    }
                }
            } else if (root.getProtocol().equals("file")) {
                try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
                    for (Path f : files.toList()) {
                        try (InputStream in = Files.newInputStream(f)) {
                            add(found, f.getFileName().toString(), in);
                        }
                    }
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
            } else {
                throw new IOException("migrations at " + root + " cannot be listed");
            }
        }
        return found;
    }

    private static void add(Map<Integer, Migration> found, String script, InputStream in) throws IOException {
        Matcher m = MIGRATION.matcher(script);
        if (!m.matches()) {
            if (script.endsWith(".sql")) {
                // a kind of migration this check does not know (repeatable, undo, dotted versions): leave it to Flyway
                throw new IOException("not a plain versioned migration: " + script);
            }
            return;
        }
        if (found.put(Integer.parseInt(m.group(1)), new Migration(script, checksum(in))) != null) {
            throw new IOException("two migrations with version " + m.group(1));
        }
    }

    /** Flyway's checksum of a migration: CRC32 over its lines, without line endings and without a leading BOM. */
    static int checksum(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        boolean first = true;
        while ((line = r.readLine()) != null) {
            if (first && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            first = false;
            crc.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return (int) crc.getValue();
    }

    /** What Flyway's history says was applied, by version; anything but successful versioned rows is a doubt. */
    static Map<Integer, Migration> applied(Connection db) throws SQLException {
        Map<Integer, Migration> applied = new TreeMap<>();
        DatabaseMetaData meta = db.getMetaData();
        try (ResultSet t = meta.getTables(null, null, "flyway_schema_history", null)) {
            if (!t.next()) {
                return applied;
            }
        }
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, script, checksum, success, type FROM flyway_schema_history"
                     + " ORDER BY installed_rank")) {
            while (rs.next()) {
                String version = rs.getString(1);
                if (version == null || !rs.getBoolean(4) || !"SQL".equals(rs.getString(5))) {
                    throw new SQLException("history row " + version + " is not a successful SQL migration");
                }
                int checksum = rs.getInt(3);
                if (rs.wasNull()) {
                    throw new SQLException("history row " + version + " has no checksum");
                }
                applied.put(Integer.parseInt(version), new Migration(rs.getString(2), checksum));
            }
        }
        return applied;
    }
}
