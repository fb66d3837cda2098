package io.auditoverlay.simulator.activity;

import io.auditoverlay.simulator.action.StockLine;
import io.auditoverlay.simulator.state.Branch;
import io.auditoverlay.simulator.state.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One branch while the generator runs: its own random stream (so that a branch's activity does not
 * depend on the others'), its staff by role, its stock and what is scheduled for later (voids,
 * returns, incoming transfers).
 */
public final class BranchActivity {

    private final Branch branch;
    private final SplittableRandom rng;
    private final Map<Integer, List<Long>> staff = new HashMap<>();
    private final Map<Long, Integer> stock;
    private final Map<Long, Integer> initialStock;
    private final PriorityQueue<Slot> pending = new PriorityQueue<>(Slot.ORDER);
    private double salesPerDay;

    public BranchActivity(Branch branch, long seed, List<User> users, Map<Long, Integer> stock) {
        this.branch = branch;
        this.rng = new SplittableRandom(seed * 1_000_003L + branch.id());
        for (User u : users) {
            if (u.branchId() != null && u.branchId() == branch.id()) {
                staff.computeIfAbsent(u.roleId(), r -> new ArrayList<>()).add(u.id());
            }
        }
        this.stock = stock == null ? new HashMap<>() : new HashMap<>(stock);
        this.initialStock = Map.copyOf(this.stock);
    }

    public Branch branch() {
        return branch;
    }

    public int id() {
        return branch.id();
    }

    public SplittableRandom rng() {
        return rng;
    }

    /** Staff of a role; falls back to any staff so that a thin branch still trades. */
    public List<Long> staff(int roleId) {
        List<Long> people = staff.get(roleId);
        if (people != null && !people.isEmpty()) {
            return people;
        }
        return staff.values().stream().filter(l -> !l.isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException("branch " + branch.code() + " has no users"));
    }

    public long anyOf(int roleId) {
        return Randoms.pick(rng, staff(roleId));
    }

    /** Moves a user to another role in the generator's view (a promotion). */
    public void changeRole(long userId, int from, int to) {
        List<Long> old = staff.get(from);
        if (old != null && old.size() > 1 && old.remove(userId)) {
            staff.computeIfAbsent(to, r -> new ArrayList<>()).add(userId);
        }
    }

    public boolean hasStaff(int roleId) {
        List<Long> people = staff.get(roleId);
        return people != null && !people.isEmpty();
    }

    public boolean stocks(long productId) {
        return stock.containsKey(productId);
    }

    /** Stock at the start of the run: the shelf's par level unless demand asks for more. */
    public int initialStock(long productId) {
        return initialStock.getOrDefault(productId, 0);
    }

    public int onHand(long productId) {
        return stock.getOrDefault(productId, 0);
    }

    public void apply(List<StockLine> lines) {
        for (StockLine line : lines) {
            stock.merge(line.productId(), line.delta(), Integer::sum);
        }
    }

    public void schedule(Slot slot) {
        pending.add(slot);
    }

    /** Removes and returns the earliest scheduled slot before {@code until}, or null. */
    public Slot next(Instant until) {
        return !pending.isEmpty() && pending.peek().at().isBefore(until) ? pending.poll() : null;
    }

    public double salesPerDay() {
        return salesPerDay;
    }

    public void salesPerDay(double value) {
        this.salesPerDay = value;
    }
}
