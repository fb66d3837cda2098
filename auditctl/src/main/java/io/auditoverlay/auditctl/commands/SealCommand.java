package io.auditoverlay.auditctl.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import io.auditoverlay.model.integrity.DailySeal;
import io.auditoverlay.model.integrity.SealSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "seal", description = {"Daily seals of the hash chains (docs/integrity.md), signed with Ed25519 to keep outside the database."},
        subcommands = {SealCommand.Export.class, SealCommand.Keygen.class})
public class SealCommand {

    @ParentCommand
    AuditCtl root;

    @Command(name = "export", description = {"Seal a finished UTC day (query-api verifies it first and stores the seal once),",
            "sign each seal with the key file and write them: keep the file outside the database (auditor tokens)."})
    static class Export implements Callable<Integer> {

        @ParentCommand
        SealCommand parent;

        @Option(names = "--day", description = "the UTC day, YYYY-MM-DD or yesterday (default ${DEFAULT-VALUE})", defaultValue = "yesterday")
        String day;

        @Option(names = "--key", description = "Ed25519 key file from 'auditctl seal keygen' (env AUDIT_SEAL_KEY_FILE)")
        Path key;

        @Option(names = "--out", description = "seal file to write (default seal-<day>.json)")
        Path out;

        @Override
        public Integer call() throws IOException {
            AuditCtl root = parent.root;
            Path keyFile = key != null ? key : root.env().containsKey("AUDIT_SEAL_KEY_FILE")
                    ? Path.of(root.env().get("AUDIT_SEAL_KEY_FILE")) : null;
            if (keyFile == null) {
                root.err().println("auditctl: seal export needs --key FILE (or AUDIT_SEAL_KEY_FILE)");
                root.err().flush();
                return ExitCodes.USAGE;
            }
            SealSigner signer = SealSigner.read(keyFile);
            JsonNode seals = root.client().post("/api/v1/integrity/seals", Map.of("day", day));
            ObjectNode file = root.json().createObjectNode().put("format", Seals.FORMAT).put("algorithm", "Ed25519")
                    .put("publicKey", Base64.getEncoder().encodeToString(signer.publicKey().getEncoded()))
                    .put("keyFingerprint", SealSigner.fingerprint(signer.publicKey())).put("exportedAt", Instant.now().toString());
            ArrayNode list = file.putArray("seals");
            String sealDay = null;
            for (JsonNode n : seals) {
                DailySeal s = Seals.read(n);
                sealDay = s.day().toString();
                Seals.write(list.addObject(), s).put("signature", Base64.getEncoder().encodeToString(signer.sign(s.signedBytes())));
            }
            if (sealDay == null) {
                root.err().println("auditctl: nothing was stored that day: no seal to export");
                root.err().flush();
                return ExitCodes.NOT_FOUND;
            }
            file.put("day", sealDay);
            Path target = out != null ? out : Path.of("seal-" + sealDay + ".json");
            Files.writeString(target, root.json().writeValueAsString(file) + "\n");
            PrintWriter w = root.out();
            w.printf("sealed %s: %d seals signed with key %s, written to %s%n", sealDay, list.size(),
                    SealSigner.fingerprint(signer.publicKey()), target);
            w.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "keygen", description = "Write a new Ed25519 key file (mode 600) and its public key (<file>.pub).")
    static class Keygen implements Callable<Integer> {

        @ParentCommand
        SealCommand parent;

        @Option(names = "--out", required = true, description = "key file to create")
        Path out;

        @Override
        public Integer call() throws IOException {
            if (Files.exists(out)) {
                parent.root.err().println("auditctl: " + out + " exists; not overwriting a key");
                parent.root.err().flush();
                return ExitCodes.USAGE;
            }
            SealSigner signer = SealSigner.generate();
            Files.createFile(out);
            try {
                Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the operator protects the file
            }
            Files.writeString(out, signer.privatePem());
            Path pub = Path.of(out + ".pub");
            Files.writeString(pub, signer.publicPem());
            parent.root.out().printf("key %s written to %s (public key: %s)%n", SealSigner.fingerprint(signer.publicKey()), out, pub);
            parent.root.out().flush();
            return ExitCodes.OK;
        }
    }
}
