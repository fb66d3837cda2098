package io.auditoverlay.query.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official MCP inspector CLI (npm {@code @modelcontextprotocol/inspector}), a real MCP client,
 * installed on first use into target/mcp-inspector.
 */
public final class Inspector {

    public static final String VERSION = "2.12.0";
    private static final Path DIR = Path.of("target", "mcp-inspector");

    private Inspector() {
    }

    public record Result(int exit, String stdout, String stderr) {
    }

    public static synchronized void install() throws IOException, InterruptedException {
        if (Files.isExecutable(DIR.resolve("node_modules/.bin/inspector"))) {
            return;
        }
        Files.createDirectories(DIR);
        Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "@modelcontextprotocol/inspector@" + VERSION)
                .directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("npm install of the MCP inspector failed:\n" + out);
        }
    }

    /** Runs {@code inspector --cli <args>} and returns what it printed. */
    public static Result cli(List<String> args) throws IOException, InterruptedException {
        install();
        List<String> command = new ArrayList<>();
        command.add(DIR.resolve("node_modules/.bin/inspector").toAbsolutePath().toString());
        command.add("--cli");
        command.addAll(args);
        Path out = Files.createTempFile("inspector", ".out");
        Path err = Files.createTempFile("inspector", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the inspector did not finish in 180 s: " + command);
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }
}
