package io.auditoverlay.query.branches;

/** A branch seen in the trail, with its name from the latest captured {@code branches} row when there is one. */
public record BranchView(String id, String code, String name, String timezone) {
}
