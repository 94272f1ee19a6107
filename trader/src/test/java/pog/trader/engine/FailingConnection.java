package pog.trader.engine;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Set;

/**
 * A journal connection whose writes fail, when told to, the way SQLite's do on a full disk: reads still work,
 * every statement that would change the file is refused with SQLITE_FULL.
 */
final class FailingConnection {
    private static final Set<String> WRITES = Set.of("executeUpdate", "executeLargeUpdate", "commit");

    private volatile boolean failing;

    void fail(boolean on) {
        failing = on;
    }

    Connection wrap(Connection real) {
        return proxy(Connection.class, real, (method, args) -> {
            Object result = invoke(real, method, args);
            if (result instanceof PreparedStatement ps) {
                String sql = String.valueOf(args[0]);
                boolean[] finalized = new boolean[1];
                return proxy(PreparedStatement.class, ps, (m, a) -> {
                    if (finalized[0] && !m.getName().equals("close")) {
                        // as sqlite-jdbc does: a statement whose write failed is finalized and unusable
                        throw new java.sql.SQLException("statement is not executing");
                    }
                    if (failing && (WRITES.contains(m.getName()) || m.getName().equals("execute")) && !isRead(sql)) {
                        finalized[0] = true;
                        throw full();
                    }
                    return invoke(ps, m, a);
                });
            }
            if (result instanceof Statement st) {
                return proxy(Statement.class, st, (m, a) -> {
                    if (failing && m.getName().startsWith("execute") && a != null && !isRead(String.valueOf(a[0]))) {
                        throw full();
                    }
                    return invoke(st, m, a);
                });
            }
            if (failing && WRITES.contains(method.getName())) {
                throw full();
            }
            return result;
        });
    }

    private static boolean isRead(String sql) {
        return sql.stripLeading().toUpperCase().startsWith("SELECT");
    }

    private static SQLiteException full() {
        return new SQLiteException("[SQLITE_FULL] Insertion failed because database is full (database or disk is full)",
                SQLiteErrorCode.SQLITE_FULL);
    }

    private interface Call {
        Object call(java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T real, Call call) {
        InvocationHandler h = (p, m, a) -> call.call(m, a);
        return (T) Proxy.newProxyInstance(FailingConnection.class.getClassLoader(), new Class<?>[]{type}, h);
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
