package io.auditoverlay.model.change;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What travels on {@code audit.changes}: a row change or the END marker of its transaction.
 * The JSON carries a {@code kind} discriminator ({@code change} or {@code transaction-end}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CanonicalChangeEvent.class, name = "change"),
        @JsonSubTypes.Type(value = TransactionEnd.class, name = "transaction-end")
})
public sealed interface ChangeMessage permits CanonicalChangeEvent, TransactionEnd {

    /** The source transaction this message belongs to; {@code null} for snapshot rows. */
    String transactionId();

    /** The connector name / topic prefix that captured it. */
    String source();
}
