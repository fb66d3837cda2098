package io.auditoverlay.ai.anomaly;

import io.auditoverlay.ai.events.History;
import io.auditoverlay.ai.events.MemoryHistory;
import io.auditoverlay.model.business.BusinessEvent;
import java.time.Instant;
import java.util.List;

/**
 * The events of one slice of a detection window, loaded with a margin on both sides; questions
 * about events outside what was loaded (a refunded sale of last month, a role change just before
 * the slice) go to the database.
 */
record ChunkHistory(MemoryHistory memory, Instant loadedFrom, Instant loadedTo, History database) implements History {

    @Override
    public List<BusinessEvent> inTransaction(String transactionId) {
        List<BusinessEvent> found = memory.inTransaction(transactionId);
        return found.isEmpty() ? database.inTransaction(transactionId) : found;
    }

    @Override
    public boolean transactionCompletedSale(String transactionId) {
        return memory.transactionCompletedSale(transactionId) || database.transactionCompletedSale(transactionId);
    }

    @Override
    public boolean saleCompleted(String branchId, String saleId) {
        return memory.saleCompleted(branchId, saleId) || database.saleCompleted(branchId, saleId);
    }

    @Override
    public List<BusinessEvent> roleChangesOf(String userId, Instant from, Instant to) {
        return loaded(from, to) ? memory.roleChangesOf(userId, from, to) : database.roleChangesOf(userId, from, to);
    }

    @Override
    public List<BusinessEvent> salesIn(String branchId, Instant from, Instant to) {
        return loaded(from, to) ? memory.salesIn(branchId, from, to) : database.salesIn(branchId, from, to);
    }

    private boolean loaded(Instant from, Instant to) {
        return !from.isBefore(loadedFrom) && to.isBefore(loadedTo);
    }
}
