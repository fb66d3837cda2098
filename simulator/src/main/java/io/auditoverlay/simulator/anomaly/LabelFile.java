package io.auditoverlay.simulator.anomaly;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.json.AuditJson;
import io.auditoverlay.model.label.AnomalyLabel;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** The labels file: one {@link AnomalyLabel} as JSON per line (JSON Lines), flushed line by line. */
public final class LabelFile implements Closeable {

    private static final ObjectMapper JSON = AuditJson.mapper();

    private final BufferedWriter out;

    private LabelFile(BufferedWriter out) {
        this.out = out;
    }

    /** Creates (or truncates) the file; its parent directories are created if needed. */
    public static LabelFile create(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new LabelFile(Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
    }

    public void write(AnomalyLabel label) throws IOException {
        out.write(JSON.writeValueAsString(label));
        out.write('\n');
        out.flush();
    }

    public void writeAll(List<AnomalyLabel> labels) throws IOException {
        for (AnomalyLabel label : labels) {
            write(label);
        }
    }

    /** Reads a labels file back (tests, scorers). */
    public static List<AnomalyLabel> read(Path path) throws IOException {
        return Files.readAllLines(path, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return JSON.readValue(l, AnomalyLabel.class);
            } catch (IOException e) {
                throw new IllegalArgumentException("not a label line: " + l, e);
            }
        }).toList();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
