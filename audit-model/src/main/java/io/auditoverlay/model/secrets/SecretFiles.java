package io.auditoverlay.model.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets given as files (Docker and Kubernetes secrets): an environment variable
 * {@code NAME_FILE} or {@code NAME__FILE} names a file whose content (without its trailing line
 * break) is the value of {@code NAME}. With one underscore only secret names count (ending in
 * {@code PASSWORD}, {@code TOKEN}, {@code SECRET} or {@code KEY}): {@code AUDIT_TOKENS_FILE} is a
 * setting of its own, the path of a tokens file. Setting both {@code NAME} and its file is an
 * error, as is a file that cannot be read; the message names the variables, never a value.
 */
public final class SecretFiles {

    private static final Pattern FILE_VARIABLE = Pattern.compile("([A-Z][A-Z0-9_]*?)(__FILE|_FILE)");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|TOKEN|SECRET|KEY)");

    private SecretFiles() {
    }

    /** The secrets the environment names by file: NAME → the file's content. */
    public static Map<String, String> read(Map<String, String> env) {
        Map<String, String> secrets = new TreeMap<>();
        env.forEach((variable, file) -> {
            Matcher m = FILE_VARIABLE.matcher(variable);
            if (!m.matches() || file == null || file.isBlank()) {
                return;
            }
            String name = m.group(1);
            if ("_FILE".equals(m.group(2)) && !SECRET_NAME.matcher(name).matches()) {
                return;
            }
            if (env.containsKey(name) && !env.get(name).isEmpty()) {
                throw new IllegalStateException("both " + name + " and " + variable + " are set; keep one");
            }
            secrets.put(name, content(variable, Path.of(file)));
        });
        return secrets;
    }

    private static String content(String variable, Path file) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8);
            return value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                    : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        } catch (IOException e) {
            throw new UncheckedIOException(variable + " names " + file + ", which cannot be read", e);
        }
    }
}
