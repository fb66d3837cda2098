package io.auditoverlay.simulator.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The simulated chain: 20 branches across the US time zones, 500 products (about 8 % controlled),
 * about 15 users per branch and the customers. Its first rows are exactly those of
 * {@code deploy/source/seed.sql}, so the smoke-test seed and {@code simulate init} agree whichever
 * runs first.
 */
public final class ChainCatalog {

    public static final Instant CATALOGUE_TIME = Instant.parse("2026-01-01T00:00:00Z");
    public static final int PRODUCTS = 500;
    public static final int CONTROLLED = 40;

    private static final List<BranchSpec> BRANCHES = List.of(
            branch(1, "Downtown", "America/New_York", 8, 21, 1.6),
            branch(2, "Harbour", "America/Chicago", 9, 20, 0.9),
            branch(3, "Airport", "America/Los_Angeles", 6, 23, 1.3),
            branch(4, "Riverside", "America/New_York", 8, 22, 1.2),
            branch(5, "Uptown", "America/New_York", 7, 21, 1.0),
            branch(6, "Lakeshore", "America/Chicago", 8, 21, 1.4),
            branch(7, "Old Town", "America/Denver", 9, 19, 0.6),
            branch(8, "Mesa", "America/Phoenix", 8, 20, 0.8),
            branch(9, "Bayview", "America/Los_Angeles", 8, 22, 1.5),
            branch(10, "Hillcrest", "America/Los_Angeles", 9, 21, 0.9),
            branch(11, "Midtown", "America/New_York", 7, 23, 2.0),
            branch(12, "Westgate", "America/Chicago", 8, 20, 0.7),
            branch(13, "Pinewood", "America/Denver", 8, 20, 0.5),
            branch(14, "Harborview", "America/Anchorage", 9, 19, 0.4),
            branch(15, "Waikiki", "Pacific/Honolulu", 8, 22, 0.8),
            branch(16, "University", "America/Detroit", 8, 22, 1.1),
            branch(17, "Market Square", "America/Indiana/Indianapolis", 8, 21, 0.9),
            branch(18, "Seaport", "America/New_York", 9, 20, 0.7),
            branch(19, "Southside", "America/Chicago", 8, 21, 1.0),
            branch(20, "Northgate", "America/Los_Angeles", 8, 21, 0.7));
    private static final Map<Integer, BranchSpec> BY_ID =
            BRANCHES.stream().collect(Collectors.toMap(BranchSpec::id, Function.identity()));

    private static final List<ProductSpec> SEED_PRODUCTS = List.of(
            product(1, "Ibuprofen 200mg x24", "analgesic", null, "6.49", "2.10"),
            product(2, "Vitamin C 1000mg x30", "supplement", null, "9.99", "3.40"),
            product(3, "Oxycodone 5mg x30", "opioid", "II", "42.00", "18.00"),
            product(4, "Alprazolam 0.5mg x30", "benzodiazepine", "IV", "25.50", "7.25"),
            product(5, "Codeine/APAP 30mg x20", "analgesic", "III", "18.75", "6.00"),
            product(6, "Pregabalin 75mg x56", "anticonvulsant", "V", "31.20", "11.40"),
            product(7, "Saline nasal spray", "cold-flu", null, "4.25", "1.10"));

    private static final String[][] CONTROLLED_DRUGS = {
        {"II", "opioid", "Oxycodone"}, {"II", "opioid", "Hydrocodone/APAP"}, {"II", "opioid", "Morphine ER"},
        {"II", "opioid", "Hydromorphone"}, {"II", "opioid", "Fentanyl patch"}, {"II", "opioid", "Methadone"},
        {"II", "opioid", "Tapentadol"}, {"II", "stimulant", "Methylphenidate"},
        {"II", "stimulant", "Amphetamine salts"}, {"II", "stimulant", "Lisdexamfetamine"},
        {"III", "analgesic", "Codeine/APAP"}, {"III", "opioid", "Buprenorphine/naloxone"},
        {"III", "hormone", "Testosterone cypionate"},
        {"IV", "benzodiazepine", "Alprazolam"}, {"IV", "benzodiazepine", "Diazepam"},
        {"IV", "benzodiazepine", "Lorazepam"}, {"IV", "benzodiazepine", "Clonazepam"},
        {"IV", "hypnotic", "Zolpidem"}, {"IV", "analgesic", "Tramadol"}, {"IV", "stimulant", "Modafinil"},
        {"V", "anticonvulsant", "Pregabalin"}, {"V", "anticonvulsant", "Lacosamide"},
        {"V", "antitussive", "Codeine/guaifenesin syrup"}};
    private static final String[][] OTC = {
        {"analgesic", "Ibuprofen", "Acetaminophen", "Naproxen", "Aspirin"},
        {"supplement", "Vitamin D3", "Magnesium", "Omega-3", "Zinc", "Multivitamin", "Melatonin"},
        {"cold-flu", "Cough syrup", "Throat lozenges", "Decongestant", "Nasal spray"},
        {"allergy", "Loratadine", "Cetirizine", "Fexofenadine", "Eye drops"},
        {"digestive", "Antacid", "Omeprazole", "Loperamide", "Probiotic", "Fiber"},
        {"first-aid", "Bandages", "Antiseptic", "Gauze", "Burn gel", "Hydrocortisone cream"},
        {"skincare", "Sunscreen SPF50", "Moisturiser", "Lip balm", "Acne gel"},
        {"baby", "Diapers", "Baby wipes", "Infant formula", "Teething gel"},
        {"dental", "Toothpaste", "Mouthwash", "Dental floss", "Toothbrush"},
        {"personal-care", "Shampoo", "Deodorant", "Hand sanitiser", "Contact lens solution"},
        {"prescription", "Amoxicillin", "Lisinopril", "Metformin", "Atorvastatin", "Levothyroxine",
            "Amlodipine", "Sertraline", "Omeprazole Rx"}};
    private static final String[] STRENGTHS = {"5mg", "10mg", "20mg", "25mg", "50mg", "100mg", "200mg", "500mg"};
    private static final int[] PACKS = {10, 12, 20, 24, 28, 30, 56, 60, 90, 100};

    private ChainCatalog() {
    }

    public static List<BranchSpec> branches() {
        return BRANCHES;
    }

    /** The trading size of a branch; branches the catalogue does not know trade like an average one. */
    public static double sizeOf(int branchId) {
        BranchSpec spec = BY_ID.get(branchId);
        return spec == null ? 1.0 : spec.size();
    }

    /** 500 products; the first seven are the seed file's, 40 in all are controlled (schedules II to V). */
    public static List<ProductSpec> products(long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x50524F44L);
        List<ProductSpec> products = new ArrayList<>(SEED_PRODUCTS);
        Set<Integer> controlledIds = new HashSet<>();
        long seedControlled = SEED_PRODUCTS.stream().filter(p -> p.schedule() != null).count();
        while (controlledIds.size() < CONTROLLED - seedControlled) {
            controlledIds.add(SEED_PRODUCTS.size() + 1 + rng.nextInt(PRODUCTS - SEED_PRODUCTS.size()));
        }
        for (int id = SEED_PRODUCTS.size() + 1; id <= PRODUCTS; id++) {
            String strength = STRENGTHS[rng.nextInt(STRENGTHS.length)];
            int pack = PACKS[rng.nextInt(PACKS.length)];
            if (controlledIds.contains(id)) {
                String[] drug = CONTROLLED_DRUGS[rng.nextInt(CONTROLLED_DRUGS.length)];
                BigDecimal price = money(12 + rng.nextDouble() * 110);
                products.add(product(id, drug[2] + " " + strength + " x" + pack, drug[1], drug[0], price,
                        price.multiply(BigDecimal.valueOf(0.30 + rng.nextDouble() * 0.15))));
            } else {
                String[] category = OTC[rng.nextInt(OTC.length)];
                String base = category[1 + rng.nextInt(category.length - 1)];
                boolean rx = category[0].equals("prescription");
                BigDecimal price = money(rx ? 8 + rng.nextDouble() * 60 : 2.49 + rng.nextDouble() * 35);
                String name = category[0].equals("supplement") || rx || category[0].equals("analgesic")
                        ? base + " " + strength + " x" + pack : base + " " + (100 + 50 * rng.nextInt(8)) + "ml";
                products.add(product(id, name, category[0], null, price,
                        price.multiply(BigDecimal.valueOf(0.30 + rng.nextDouble() * 0.30))));
            }
        }
        return products;
    }

    /** About 15 users per branch (cashiers, pharmacists, managers, one admin) after the seed file's six. */
    public static List<UserSpec> users(long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x55534552L);
        List<UserSpec> users = new ArrayList<>(List.of(
                user(1, 1, "alice", "Alice Cashier", Roles.CASHIER),
                user(2, 1, "bob", "Bob Pharmacist", Roles.PHARMACIST),
                user(3, 1, "carol", "Carol Manager", Roles.MANAGER),
                user(4, null, "dave", "Dave Admin", Roles.ADMIN),
                user(5, 2, "erin", "Erin Cashier", Roles.CASHIER),
                user(6, 3, "frank", "Frank Cashier", Roles.CASHIER)));
        Set<String> usernames = new HashSet<>();
        users.forEach(u -> usernames.add(u.username()));
        long id = users.size() + 1;
        int[] roles = {Roles.CASHIER, Roles.CASHIER, Roles.CASHIER, Roles.CASHIER, Roles.CASHIER, Roles.CASHIER,
            Roles.CASHIER, Roles.CASHIER, Roles.CASHIER, Roles.PHARMACIST, Roles.PHARMACIST, Roles.PHARMACIST,
            Roles.MANAGER, Roles.MANAGER, Roles.ADMIN};
        for (BranchSpec branch : BRANCHES) {
            for (int role : roles) {
                String first = FakePeople.first(rng);
                String last = FakePeople.last(rng);
                String base = (first.charAt(0) + last.replace("'", "")).toLowerCase(Locale.ROOT)
                        + "." + branch.code().toLowerCase(Locale.ROOT);
                String username = base;
                for (int n = 2; !usernames.add(username); n++) {
                    username = base + n;
                }
                Instant created = CATALOGUE_TIME.minusSeconds(86_400L * (30 + rng.nextInt(900)));
                users.add(new UserSpec(id++, branch.id(), username, first + " " + last, username + "@example.test",
                        role, created));
            }
        }
        return users;
    }

    /** Customers with fake personal data; the first is the seed file's. */
    public static List<CustomerSpec> customers(long seed, int count) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x43555354L);
        List<CustomerSpec> customers = new ArrayList<>(count);
        customers.add(new CustomerSpec(1, "Grace Example", "+1-555-0100", "NID-100-200-300",
                LocalDate.of(1980, 4, 12), CATALOGUE_TIME));
        for (long id = 2; id <= count; id++) {
            customers.add(new CustomerSpec(id, FakePeople.first(rng) + " " + FakePeople.last(rng),
                    FakePeople.phone(rng), FakePeople.nationalId(rng), FakePeople.birthDate(rng),
                    CATALOGUE_TIME.minusSeconds(86_400L * rng.nextInt(1200))));
        }
        return customers;
    }

    /** Opening stock of a product at a branch: more for big branches, less for controlled products. */
    public static int openingStock(BranchSpec branch, ProductSpec product) {
        return (int) Math.round((product.schedule() == null ? 60 : 25) * branch.size());
    }

    private static BranchSpec branch(int id, String name, String zone, int opens, int closes, double size) {
        return new BranchSpec(id, String.format("B%03d", id), name, zone, LocalTime.of(opens, 0),
                LocalTime.of(closes, 0), size);
    }

    private static ProductSpec product(long id, String name, String category, String schedule, String price,
                                       String cost) {
        return product(id, name, category, schedule, new BigDecimal(price), new BigDecimal(cost));
    }

    private static ProductSpec product(long id, String name, String category, String schedule, BigDecimal price,
                                       BigDecimal cost) {
        return new ProductSpec(id, String.format("SKU-%04d", id), name, category, schedule,
                price.setScale(2, RoundingMode.HALF_UP), cost.setScale(2, RoundingMode.HALF_UP));
    }

    private static BigDecimal money(double value) {
        // Shelf prices end in .49 or .99, as a shopper would recognise.
        long dollars = (long) Math.floor(value);
        return BigDecimal.valueOf(dollars).add(new BigDecimal(value - dollars < 0.5 ? "0.49" : "0.99"));
    }

    private static UserSpec user(long id, Integer branch, String username, String name, int role) {
        return new UserSpec(id, branch, username, name, username + "@example.test", role, CATALOGUE_TIME);
    }
}
