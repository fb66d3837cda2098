package io.auditoverlay.query.web;

import java.util.List;

/**
 * One page of a list, newest first.
 *
 * @param limit the page size applied (a requested size above the cap is capped)
 * @param nextCursor pass it as {@code cursor} for the next page; absent on the last page
 */
public record Page<T>(List<T> items, int limit, String nextCursor) {
}
