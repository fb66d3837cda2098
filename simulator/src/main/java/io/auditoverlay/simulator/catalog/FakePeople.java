package io.auditoverlay.simulator.catalog;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Plausible but fake personal data. Phone numbers use the 555-01xx range reserved for fiction and
 * national ids the 9xx area numbers that are never issued, so nothing here can be a real person's.
 */
final class FakePeople {

    private static final String[] FIRST = {"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael",
        "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
        "Sarah", "Carlos", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra", "Mark", "Ashley",
        "Wei", "Priya", "Omar", "Fatima", "Luis", "Ana", "Kenji", "Yuki", "Noah", "Emma", "Liam", "Olivia",
        "Ethan", "Sofia", "Mateo", "Isabella", "Lucas", "Mia", "Amir", "Leila", "Hiroshi", "Grace"};
    private static final String[] LAST = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
        "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas",
        "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
        "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Nguyen", "Hill",
        "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter",
        "Roberts", "Chen", "Patel", "Kim", "O'Brien", "Tanaka", "Okafor", "Haddad"};

    private FakePeople() {
    }

    static String first(SplittableRandom rng) {
        return FIRST[rng.nextInt(FIRST.length)];
    }

    static String last(SplittableRandom rng) {
        return LAST[rng.nextInt(LAST.length)];
    }

    static String phone(SplittableRandom rng) {
        return String.format("+1-%03d-555-01%02d", 201 + rng.nextInt(780), rng.nextInt(100));
    }

    static String nationalId(SplittableRandom rng) {
        return String.format("9%02d-%02d-%04d", rng.nextInt(100), 1 + rng.nextInt(99), 1 + rng.nextInt(9999));
    }

    static LocalDate birthDate(SplittableRandom rng) {
        return LocalDate.of(1940, 1, 1).plusDays(rng.nextInt(365 * 65));
    }
}
