package io.auditoverlay.query.web;

import io.auditoverlay.query.config.QueryConfig;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The paging parameters every list endpoint takes ({@code @BeanParam}): page size and cursor. */
public class PageParams {

    @Parameter(description = "page size: audit.query.default-page-size when absent, capped at audit.query.max-page-size")
    @QueryParam("limit")
    String limit;

    @Parameter(description = "the nextCursor of the previous page, unchanged")
    @QueryParam("cursor")
    String cursor;

    /** The page size asked for, checked: the default when absent, capped at the maximum, 400 when not a positive number. */
    public int size(QueryConfig config) {
        return Params.limit(limit, config.defaultPageSize(), config.maxPageSize());
    }

    /** The cursor as the client sent it (null when absent). */
    public String cursor() {
        return cursor;
    }

    /** The position after which the page starts; null for the first page, 400 when malformed. */
    public Cursor position() {
        return Cursor.parse(cursor);
    }
}
