package io.auditoverlay.normalizer.mapping;

import java.util.Map;
import java.util.Optional;

/** Which branch a row belongs to: its branch column, else its source's configured branch. */
public final class BranchResolver {

    private final String defaultColumn;
    private final Map<String, String> columnByTable;
    private final Map<String, String> branchBySource;
    private final Optional<String> defaultBranch;

    public BranchResolver(String defaultColumn, Map<String, String> columnByTable, Map<String, String> branchBySource,
            Optional<String> defaultBranch) {
        this.defaultColumn = defaultColumn;
        this.columnByTable = columnByTable;
        this.branchBySource = branchBySource;
        this.defaultBranch = defaultBranch;
    }

    public String branchOf(String source, String table, Map<String, Object> row) {
        if (row != null) {
            Object value = row.get(columnByTable.getOrDefault(table, defaultColumn));
            if (value != null) {
                return value.toString();
            }
        }
        String configured = branchBySource.get(source);
        return configured != null ? configured : defaultBranch.orElse(null);
    }
}
