package io.auditoverlay.e2e.completeness;

import static org.awaitility.Awaitility.await;

import io.auditoverlay.model.testing.PosWrites;
import io.auditoverlay.model.testing.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A whole trail of the local stack's source in a database of its own: the packaged normalizer
 * (and inference, and ai-service) started on {@code <AUDIT_TEST_DB_NAME>_<suffix>}, created afresh,
 * reading the raw topics from their beginning with consumer groups and output topics of their own,
 * so that nothing of the stack's own services is touched. Needs {@code ./overlay infra}.
 */
final class TrailStack implements AutoCloseable {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String PG_HOST = System.getenv().getOrDefault("AUDIT_DB_HOST", "127.0.0.1");
    static final String PG_PORT = System.getenv().getOrDefault("AUDIT_DB_PORT", "5432");
    static final String SOURCE_PORT = System.getenv().getOrDefault("SOURCE_DB_PORT", "3307");

    final String db;
    final String token = UUID.randomUUID().toString();
    private final List<ServiceProcess> services = new ArrayList<>();
    private ServiceProcess ai;
    private ServiceProcess normalizer;
    private final String normalizerGroup;

    TrailStack(String suffix) {
        this.db = System.getenv().getOrDefault("AUDIT_TEST_DB_NAME", "audit_test") + "_" + suffix;
        this.normalizerGroup = db + "-normalizer-" + RUN;
    }

    /** Creates the database afresh and starts the normalizer and inference on it; waits until the trail has caught up. */
    TrailStack start() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + db);
        }
        serviceRoles();
        try {
            startServices();
        } catch (Exception | AssertionError e) {
            close(); // a service that started must not outlive a failed start
            throw e;
        }
        return this;
    }

    /** The database's own roles, as ./overlay makes them (deploy/sql/service-roles.sql); this PostgreSQL trusts 127.0.0.1. */
    private void serviceRoles() throws Exception {
        List<String> command = new ArrayList<>(List.of("psql", "-q", "-X", "-h", PG_HOST, "-p", PG_PORT, "-U", "postgres", "-d", db,
                "-v", "ON_ERROR_STOP=1", "-v", "prefix=" + db));
        for (String role : List.of("owner", "normalizer", "inference", "ai", "query")) {
            command.addAll(List.of("-v", role + "_password=trusted-locally"));
        }
        command.addAll(List.of("-f", ROOT.resolve("deploy/sql/service-roles.sql").toString()));
        Process psql = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (psql.waitFor() != 0) {
            throw new IllegalStateException("deploy/sql/service-roles.sql on " + db + ": " + out);
        }
    }

    private void startServices() throws Exception {
        String changes = "audit.changes." + db + "-" + RUN;
        normalizer = start("normalizer-service", Map.of("NORMALIZER_GROUP_ID", normalizerGroup,
                "MP_MESSAGING_INCOMING_RAW_AUTO_OFFSET_RESET", "earliest",
                "MP_MESSAGING_OUTGOING_AUDIT_CHANGES_TOPIC", changes));
        services.add(normalizer);
        services.add(start("inference-service", Map.of("INFERENCE_GROUP_ID", db + "-inference-" + RUN,
                "INFERENCE_CHANGES_TOPIC", changes, "INFERENCE_BUSINESS_TOPIC", "audit.business." + db + "-" + RUN)));
        awaitCaughtUp();
    }

    /** ai-service on the same database, its completeness checks pointed at the source, its schedules off. */
    ServiceProcess startAi(Map<String, String> extra) throws Exception {
        Path tokens = Files.writeString(Files.createDirectories(Path.of("target")).resolve("tokens-" + db + "-" + RUN + ".txt"),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)))
                        + " e2e auditor\n");
        Map<String, String> env = new HashMap<>(Map.of("AUDIT_TOKENS_FILE", tokens.toString(),
                "AUDIT_AI_COMPLETENESS_SOURCE_URL", "jdbc:mariadb://127.0.0.1:" + SOURCE_PORT + "/", "AUDIT_AI_COMPLETENESS_SOURCE_PASSWORD", "debezium",
                "AUDIT_AI_COMPLETENESS_EVERY", "off", "AUDIT_AI_DETECTION_EVERY", "off", "AUDIT_AI_LLM_ENABLED", "false",
                "AUDIT_AI_ROLLUP_BACKFILL_ON_START", "false", "AI_CONSUMER_GROUP", db + "-ai-" + RUN,
                "MP_MESSAGING_INCOMING_BUSINESS_EVENTS_TOPIC", "audit.business." + db + "-" + RUN,
                "MP_MESSAGING_OUTGOING_ANOMALIES_TOPIC", "audit.anomalies." + db + "-" + RUN));
        env.put("AUDIT_AI_COMPLETENESS_NORMALIZER_GROUP", normalizerGroup);
        env.putAll(extra);
        ai = start("ai-service", env);
        services.add(ai);
        return ai;
    }

    /** Commits a marker transaction and waits until the trail holds it (and so everything the binlog had before it). */
    void awaitCaughtUp() throws Exception {
        PosWrites.changePrice(5, new java.math.BigDecimal("3." + (10 + new java.util.Random().nextInt(89))));
        awaitTransaction(PosWrites.lastGtid());
    }

    /** Freezes (SIGSTOP) or thaws (SIGCONT) this trail's normalizer: a backlog builds up while it is frozen. */
    void freezeNormalizer(boolean frozen) throws Exception {
        Process kill = new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", Long.toString(normalizer.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + (frozen ? "-STOP " : "-CONT ") + normalizer.pid() + " failed");
        }
    }

    void awaitTransaction(String gtid) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> count(
                "SELECT count(*) FROM changes.change_event WHERE transaction_id = 'pos:" + gtid + "'") > 0);
    }

    long count(String sql) throws SQLException {
        try (Connection c = audit(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException notYet) {
            if (notYet.getMessage().contains("does not exist")) {
                return 0; // the normalizer has not migrated its schema yet
            }
            throw notYet;
        }
    }

    Connection audit() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + db, "postgres", "");
    }

    /** The source as root (the local stack's root has no password on loopback): what a DBA may do. */
    static Connection sourceRoot() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + SOURCE_PORT + "/pharmacy", "root", "");
    }

    static long gtidSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT @@gtid_binlog_pos"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            String pos = rs.getString(1);
            for (String gtid : pos.split(",")) {
                if (gtid.startsWith("0-")) {
                    return Long.parseLong(gtid.substring(gtid.lastIndexOf('-') + 1));
                }
            }
            throw new IllegalStateException("no domain 0 in " + pos);
        }
    }

    private ServiceProcess start(String module, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("AUDIT_DB_NAME", db);
        all.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        return ServiceProcess.start(ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"),
                Path.of("target/" + db + "-" + module + "-" + RUN + ".log"), all);
    }

    @Override
    public void close() throws Exception {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
    }
}
