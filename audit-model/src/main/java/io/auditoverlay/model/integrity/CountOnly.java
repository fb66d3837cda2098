package io.auditoverlay.model.integrity;

import java.util.AbstractList;

/** A list that only knows its size: a sealed link needs its row count, not its ids. */
final class CountOnly extends AbstractList<String> {
    private final int size;

    CountOnly(int size) {
        this.size = size;
    }

    @Override
    public String get(int index) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int size() {
        return size;
    }
}
