package io.auditoverlay.inference.bench;

import io.auditoverlay.inference.assembly.AssembledTransaction;
import io.auditoverlay.inference.assembly.TransactionAssembler;
import io.auditoverlay.inference.reference.ReferenceData;
import io.auditoverlay.inference.rules.RuleEngine;
import io.auditoverlay.inference.rules.Rules;
import io.auditoverlay.inference.rules.RulesLoader;
import io.auditoverlay.inference.rules.TrailLookup;
import io.auditoverlay.inference.rules.hooks.MatchingSaleHook;
import io.auditoverlay.model.change.ChangeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * CPU cost of the assembly and rules path alone (no Kafka, no PostgreSQL): N synthetic
 * transactions (the {@link ReplayBenchmark} mix) through the assembler and the shipped rules,
 * five rounds, prints transactions/s per round and the median.
 *
 * <p>Usage: {@code EngineBenchmark [transactions]}
 */
public final class EngineBenchmark {

    private EngineBenchmark() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        Rules rules = new RulesLoader(List.of(new MatchingSaleHook())).loadResource("rules/pharmacy.yaml");
        ReferenceData reference = new ReferenceData(rules.reference());
        RuleEngine engine = new RuleEngine(rules, reference);
        Random random = new Random(42);
        List<ChangeMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.addAll(ReplayBenchmark.transaction(i, "engine", random).get(0).messages());
        }
        double[] rates = new double[5];
        for (int round = 0; round < rates.length; round++) {
            TransactionAssembler<Integer> assembler = new TransactionAssembler<>(Duration.ofSeconds(30));
            long events = 0;
            long start = System.nanoTime();
            for (int i = 0; i < messages.size(); i++) {
                for (AssembledTransaction<Integer> tx : assembler.accept(messages.get(i), i)) {
                    events += engine.infer(tx, TrailLookup.EMPTY).events().size();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            rates[round] = count / seconds;
            System.out.printf("round %d: %d transactions (%d messages), %d business events in %.2f s: %.0f transactions/s%n",
                    round + 1, count, messages.size(), events, seconds, rates[round]);
        }
        Arrays.sort(rates);
        System.out.printf("median: %.0f transactions/s (assembly + rules, one thread)%n", rates[rates.length / 2]);
    }
}
