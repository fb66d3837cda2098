package io.auditoverlay.normalizer.mapping;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Records captured from Debezium Server 3.6.1 (MariaDB connector, JSON with value schemas) as
 * the console consumer printed them: {@code key|||value}, one per line.
 */
final class Fixtures {

    record RawRecord(byte[] key, byte[] value) {
    }

    private Fixtures() {
    }

    static List<RawRecord> load(String name) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                Fixtures.class.getResourceAsStream("/debezium/" + name), StandardCharsets.UTF_8))) {
            return reader.lines().filter(l -> l.contains("|||")).map(line -> {
                String[] parts = line.split("\\|\\|\\|", 2);
                return new RawRecord(bytes(parts[0]), bytes(parts[1]));
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String text) {
        return "null".equals(text) ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
