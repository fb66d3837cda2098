package io.auditoverlay.auditctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.auditoverlay.auditctl.client.ApiClient;
import io.auditoverlay.auditctl.client.ApiError;
import io.auditoverlay.auditctl.commands.AccessLogCommand;
import io.auditoverlay.auditctl.commands.AckCommand;
import io.auditoverlay.auditctl.commands.AnomaliesCommand;
import io.auditoverlay.auditctl.commands.BranchesCommand;
import io.auditoverlay.auditctl.commands.CompletionCommand;
import io.auditoverlay.auditctl.commands.DismissCommand;
import io.auditoverlay.auditctl.commands.ExportCommand;
import io.auditoverlay.auditctl.commands.McpCommand;
import io.auditoverlay.auditctl.commands.SealCommand;
import io.auditoverlay.auditctl.commands.SummaryCommand;
import io.auditoverlay.auditctl.commands.TokenCommand;
import io.auditoverlay.auditctl.commands.TraceCommand;
import io.auditoverlay.auditctl.commands.VerifyCommand;
import io.auditoverlay.auditctl.retention.RetentionCommand;
import io.auditoverlay.auditctl.output.OutputFormat;
import io.auditoverlay.auditctl.output.TerminalSafeWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code auditctl}: the audit trail from a terminal. */
@Command(name = "auditctl", mixinStandardHelpOptions = true, versionProvider = AuditCtl.Version.class,
        description = "The pharmacy audit trail from the command line: summaries, anomalies, traces, exports.",
        subcommands = {SummaryCommand.class, AnomaliesCommand.class, AckCommand.class, DismissCommand.class, TraceCommand.class,
                ExportCommand.class, VerifyCommand.class, AccessLogCommand.class, SealCommand.class, RetentionCommand.class, McpCommand.class, BranchesCommand.class, TokenCommand.class, CompletionCommand.class},
        footerHeading = "%nEnvironment:%n",
        footer = {"  AUDIT_URL         query-api base URL (default http://127.0.0.1:8080)",
                "  AUDIT_TOKEN       bearer token (or AUDIT_TOKEN_FILE: a file holding it)",
                "%nExit codes: 0 ok, 1 failure, 2 usage, 3 query-api unreachable, 4 denied (401/403),",
                "  5 not found, 6 rejected input (400/409), 7 verify found the trail incomplete or tampered with."})
public class AuditCtl {

    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    private final Map<String, String> env;

    @Option(names = "--url", scope = ScopeType.INHERIT, description = "query-api base URL (env AUDIT_URL, default ${DEFAULT-VALUE})",
            defaultValue = "${env:AUDIT_URL:-" + DEFAULT_URL + "}")
    String url;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, defaultValue = "table",
            description = "table or json (default ${DEFAULT-VALUE})")
    OutputFormat output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(SerializationFeature.INDENT_OUTPUT);

    public AuditCtl(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new AuditCtl(System.getenv())).execute(args));
    }

    /** The command line with the error handling every entry point (main, tests) shares. */
    public static CommandLine commandLine(AuditCtl app) {
        CommandLine cmd = new CommandLine(app);
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof ApiError a) {
                c.getErr().println("auditctl: " + TerminalSafeWriter.clean(a.getMessage()));
                return a.exitCode();
            }
            if (e instanceof CommandLine.ParameterException p) {
                throw p;
            }
            c.getErr().println("auditctl: " + TerminalSafeWriter.clean(String.valueOf(e.getMessage())));
            return ExitCodes.FAILURE;
        });
        return cmd;
    }

    public ApiClient client() {
        return new ApiClient(url, token(), json);
    }

    public ObjectMapper json() {
        return json;
    }

    public OutputFormat output() {
        return output;
    }

    /** Standard output, control characters of the trail's free text made harmless ({@link TerminalSafeWriter}). */
    public PrintWriter out() {
        return safe(spec.commandLine().getOut());
    }

    public PrintWriter err() {
        return safe(spec.commandLine().getErr());
    }

    private final Map<PrintWriter, PrintWriter> safeWriters = new IdentityHashMap<>();

    private PrintWriter safe(PrintWriter raw) {
        return safeWriters.computeIfAbsent(raw, w -> new PrintWriter(new TerminalSafeWriter(w), true));
    }

    public Map<String, String> env() {
        return env;
    }

    /** Prints a JSON answer as it came, for --output json. */
    public void printJson(JsonNode node) {
        try {
            out().println(json.writeValueAsString(node));
            out().flush();
        } catch (IOException e) {
            throw new ApiError(0, e.getMessage());
        }
    }

    /** The bearer token from AUDIT_TOKEN or AUDIT_TOKEN_FILE (null when neither is set). */
    public String bearerToken() {
        return token();
    }

    private String token() {
        String token = env.get("AUDIT_TOKEN");
        if ((token == null || token.isBlank()) && env.get("AUDIT_TOKEN_FILE") != null) {
            try {
                token = Files.readString(Path.of(env.get("AUDIT_TOKEN_FILE"))).strip();
            } catch (IOException e) {
                throw new ApiError(401, "cannot read AUDIT_TOKEN_FILE " + env.get("AUDIT_TOKEN_FILE") + ": " + e.getMessage());
            }
        }
        return token;
    }

    /** The version from the jar's manifest. */
    public static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AuditCtl.class.getPackage().getImplementationVersion();
            return new String[] {"auditctl " + (v == null ? "dev" : v)};
        }
    }
}
