package io.auditoverlay.auditctl.commands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "token", description = {"Make a new random token for query-api.", "Prints the token (give it to its holder, it is shown once)",
        "on stdout and the line for query-api's tokens file (AUDIT_TOKENS_FILE) on stderr."})
public class TokenCommand implements Callable<Integer> {

    @ParentCommand
    AuditCtl root;

    @Option(names = "--name", required = true, description = "who holds it (recorded as the actor of what they do)")
    String name;

    @Option(names = "--role", required = true, description = "auditor, branch-manager or ai-agent")
    String role;

    @Option(names = "--branches", split = ",", description = "the branches a branch-manager may see")
    String[] branches;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws NoSuchAlgorithmException {
        if (!role.matches("auditor|branch-manager|ai-agent")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--role must be auditor, branch-manager or ai-agent");
        }
        if ("branch-manager".equals(role) && (branches == null || branches.length == 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a branch-manager token needs --branches");
        }
        if (!name.matches("[A-Za-z0-9._@-]+")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--name may hold letters, digits and . _ @ -");
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        root.out().println(token);
        root.out().flush();
        root.err().println(hash + " " + name + " " + role + (branches == null ? "" : " " + String.join(",", branches)));
        root.err().flush();
        return ExitCodes.OK;
    }
}
