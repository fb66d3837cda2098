package io.auditoverlay.simulator.catalog;

import java.time.Instant;
import java.time.LocalDate;

/** A customer; every personal column holds a fake value (555 phone numbers, 9xx national ids). */
public record CustomerSpec(long id, String fullName, String phone, String nationalId, LocalDate birthDate,
                           Instant createdAt) {
}
