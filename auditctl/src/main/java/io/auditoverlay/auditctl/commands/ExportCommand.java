package io.auditoverlay.auditctl.commands;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import io.auditoverlay.auditctl.client.ApiError;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "export", description = {"Export a time range to a CSV or NDJSON file.", "Streamed, with a progress bar.",
        "The file is written under a temporary name and renamed when complete."})
public class ExportCommand implements Callable<Integer> {

    public enum Format { csv, ndjson }

    @ParentCommand
    AuditCtl root;

    @Option(names = "--from", required = true, description = "start (ISO-8601 instant or date, inclusive)")
    String from;

    @Option(names = "--to", required = true, description = "end (ISO-8601 instant or date, exclusive)")
    String to;

    @Option(names = "--format", defaultValue = "csv", description = "csv or ndjson (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--kind", defaultValue = "business-events", description = "business-events or changes (default ${DEFAULT-VALUE})")
    String kind;

    @Option(names = "--branch", description = "a branch id")
    String branch;

    @Option(names = "--type", description = "business event type")
    String type;

    @Option(names = "--out", required = true, description = "the file to write")
    Path out;

    @Option(names = "--no-progress", description = "no progress bar (it goes to stderr)")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("from", from);
        q.put("to", to);
        q.put("format", format.name());
        q.put("kind", kind);
        q.put("branch", branch);
        q.put("type", type);
        HttpResponse<InputStream> response = root.client().stream("/api/v1/export", q);
        long rows = response.headers().firstValueAsLong("X-Audit-Row-Count").orElse(-1);
        Path absolute = out.toAbsolutePath();
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        long written = 0;
        try (InputStream in = response.body(); OutputStream file = Files.newOutputStream(partial);
             ProgressBar bar = noProgress ? null : bar(rows)) {
            byte[] buffer = new byte[64 * 1024];
            boolean header = format == Format.csv;
            int n;
            while ((n = in.read(buffer)) > 0) {
                file.write(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        if (header) {
                            header = false;
                        } else {
                            written++;
                        }
                    }
                }
                if (bar != null) {
                    bar.stepTo(written);
                }
            }
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw new ApiError(0, "export interrupted: " + e.getMessage());
        }
        if (rows >= 0 && written != rows) {
            Files.deleteIfExists(partial);
            throw new ApiError(0, "export incomplete: " + written + " of " + rows + " rows arrived; nothing was written");
        }
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        root.err().printf("Exported %d rows to %s%n", written, out);
        root.err().flush();
        return ExitCodes.OK;
    }

    private ProgressBar bar(long rows) {
        return new ProgressBarBuilder().setTaskName("export").setInitialMax(Math.max(rows, 0)).setUnit(" rows", 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }
}
