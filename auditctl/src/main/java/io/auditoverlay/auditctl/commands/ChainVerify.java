package io.auditoverlay.auditctl.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.auditoverlay.model.integrity.DailySeal;
import io.auditoverlay.model.integrity.SealSigner;

/** The hash-chain half of {@code auditctl verify}: the server's recomputation, and a seal file checked here. */
public final class ChainVerify {

    private ChainVerify() {
    }

    /** A seal file, its signatures checked. */
    public record SealFile(LocalDate day, List<DailySeal> seals, String fingerprint, List<String> problems) {
    }

    public static SealFile readSeal(ObjectMapper json, Path file, Path publicKeyFile) throws IOException {
        JsonNode root = json.readTree(Files.readString(file));
        List<String> problems = new ArrayList<>();
        if (!Seals.FORMAT.equals(root.path("format").asText())) {
            problems.add(file + " is not a seal file (format " + root.path("format").asText("?") + ")");
        }
        PublicKey embedded = SealSigner.publicKey(Base64.getDecoder().decode(root.path("publicKey").asText()));
        PublicKey key = embedded;
        if (publicKeyFile != null) {
            key = SealSigner.readPublic(publicKeyFile);
            if (!SealSigner.fingerprint(key).equals(SealSigner.fingerprint(embedded))) {
                problems.add("the seal file was signed with key " + SealSigner.fingerprint(embedded) + ", not with "
                        + SealSigner.fingerprint(key) + " (" + publicKeyFile + ")");
            }
        }
        List<DailySeal> seals = new ArrayList<>();
        for (JsonNode n : root.path("seals")) {
            DailySeal s = Seals.read(n);
            byte[] signature = Base64.getDecoder().decode(n.path("signature").asText());
            if (!SealSigner.verify(key, s.signedBytes(), signature)) {
                problems.add("the signature of the seal of " + s.key() + " does not verify: the file was altered");
            }
            seals.add(s);
        }
        return new SealFile(LocalDate.parse(root.path("day").asText()), seals, SealSigner.fingerprint(key), problems);
    }

    /** What the recomputed chain says against the seal file: nothing when they agree. */
    public static List<String> compare(SealFile file, JsonNode check) {
        Map<String, DailySeal> now = new HashMap<>();
        for (JsonNode n : check.path("seals")) {
            DailySeal s = Seals.read(n);
            now.put(s.key(), s);
        }
        List<String> out = new ArrayList<>(file.problems());
        for (DailySeal sealed : file.seals()) {
            DailySeal current = now.remove(sealed.key());
            if (!sealed.equals(current)) {
                out.add("seal of " + sealed.key() + " (links " + sealed.firstSeq() + ".." + sealed.lastSeq() + ", " + sealed.rows()
                        + " rows, root " + sealed.merkleRoot() + ") does not match the stored chain: " + (current == null
                                ? "no links that day" : "links " + current.firstSeq() + ".." + current.lastSeq() + ", "
                                        + current.rows() + " rows, root " + current.merkleRoot()));
            }
        }
        now.values().forEach(extra -> out.add("the stored chain has links the seal file does not: " + extra.key()));
        return out;
    }

    static void print(PrintWriter out, JsonNode check) {
        for (JsonNode t : check.path("tables")) {
            out.printf("chain         %-32s %s links, %s rows recomputed%s%n", Texts.text(t, "table"), Texts.text(t, "links"),
                    Texts.text(t, "rows"), t.path("legacyRows").asLong() > 0
                            ? ", " + t.path("legacyRows").asLong() + " rows stored before the chain began" : "");
        }
        out.printf("chain rate    %s rows/s%n", Texts.text(check, "rowsPerSecond"));
        JsonNode broken = check.path("firstBreak");
        if (!broken.isMissingNode() && !broken.isNull()) {
            out.println("FIRST BROKEN LINK  " + describe(broken));
        }
        for (JsonNode m : check.path("sealMismatches")) {
            out.println("SEAL MISMATCH  " + m.asText());
        }
    }

    static String describe(JsonNode b) {
        StringBuilder s = new StringBuilder("table ").append(b.path("table").asText());
        if (!b.path("source").isNull() && b.has("source")) {
            s.append(", source ").append(b.path("source").asText());
        }
        if (!b.path("seq").isNull() && b.has("seq")) {
            s.append(", link ").append(b.path("seq").asLong());
        }
        if (!b.path("rowId").isNull() && b.has("rowId")) {
            s.append(", event id ").append(b.path("rowId").asText());
        }
        if (!b.path("position").isNull() && b.has("position")) {
            s.append(", position ").append(b.path("position").asText());
        }
        return s.append(": ").append(b.path("reason").asText()).toString();
    }
}
