package io.auditoverlay.inference.messaging;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import io.auditoverlay.inference.rules.IsoInstants;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads the instants of {@code audit.changes} ({@code 2026-11-25T12:00:00.123456Z}: UTC, zero to
 * nine fraction digits, as the normalizer writes them) without {@code DateTimeFormatter}, whose
 * parse was the largest single cost of the consumer thread during a catch-up (two or three instants
 * per record). Anything else (an offset, a number, a malformed value) goes to Jackson's own
 * {@link InstantDeserializer}, so the result and the errors are the same as before.
 */
final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {

    private static final long serialVersionUID = 1L;

    IsoInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            Instant fast = parse(p.getText());
            if (fast != null) {
                return fast;
            }
        }
        return InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }

    /** The instant of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null for any other text. */
    static Instant parse(String s) {
        return IsoInstants.utc(s, true);
    }
}
