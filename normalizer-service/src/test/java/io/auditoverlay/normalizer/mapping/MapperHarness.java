package io.auditoverlay.normalizer.mapping;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.json.AuditJson;
import io.auditoverlay.normalizer.masking.ColumnMasker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An EnvelopeMapper as the service configures it (two masked columns, branch 99 for source pos), for
 * the tests of the mapping.
 */
abstract class MapperHarness {

    static final String TOPIC = "pos.pharmacy.type_probe";
    final ObjectMapper json = AuditJson.mapper();
    final EnvelopeMapper mapper = mapper(List.of("customers.national_id", "type_probe.txt"));

    EnvelopeMapper mapper(List<String> masked) {
        return new EnvelopeMapper(json, new ColumnMasker(masked),
                new BranchResolver("branch_id", Map.of("branches", "id"), Map.of("pos", "99"), Optional.empty()),
                Map.of());
    }

    CanonicalChangeEvent change(Fixtures.RawRecord r) {
        return assertInstanceOf(Mapped.Change.class, mapper.map(TOPIC, r.key(), r.value())).event();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
