package io.auditoverlay.model.integrity;

/**
 * The first place a chain no longer holds.
 *
 * @param table the chained table
 * @param source the chain's source
 * @param seq the link's number in the chain
 * @param rowId the row (event id) concerned, when one is
 * @param position where that row came from (binlog file:pos:row), when known
 * @param reason what is wrong, in words
 */
public record ChainBreak(String table, String source, Long seq, String rowId, String position, String reason) {

    public String describe() {
        StringBuilder s = new StringBuilder(table);
        if (source != null) {
            s.append(" source ").append(source);
        }
        if (seq != null) {
            s.append(" link ").append(seq);
        }
        if (rowId != null) {
            s.append(" event ").append(rowId);
        }
        if (position != null) {
            s.append(" at ").append(position);
        }
        return s.append(": ").append(reason).toString();
    }
}
