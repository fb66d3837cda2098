package io.auditoverlay.auditctl.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** Local log files (the stack's .overlay/logs, rotated service logs) last written before a cutoff. */
final class LogFiles {

    private LogFiles() {
    }

    static List<Path> before(Path dir, Instant cutoff) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new RetentionException("the logs directory " + dir + " does not exist");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().contains(".log"))
                    .filter(f -> modified(f).isBefore(cutoff)).sorted().toList();
        }
    }

    static long bytes(List<Path> files) {
        return files.stream().mapToLong(f -> {
            try {
                return Files.size(f);
            } catch (IOException e) {
                return 0;
            }
        }).sum();
    }

    private static Instant modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toInstant();
        } catch (IOException e) {
            return Instant.MAX;
        }
    }
}
