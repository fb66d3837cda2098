package io.auditoverlay.model.integrity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 signatures over seals (the JDK's own provider). A key file holds a PEM
 * {@code PRIVATE KEY} (PKCS#8) block and the matching {@code PUBLIC KEY} (X.509) block; a public
 * key file holds only the latter.
 */
public final class SealSigner {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private SealSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static SealSigner generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new SealSigner(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
        }
    }

    public static SealSigner read(Path keyFile) throws IOException {
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        byte[] priv = block(pem, "PRIVATE KEY");
        byte[] pub = block(pem, "PUBLIC KEY");
        if (priv == null || pub == null) {
            throw new IOException(keyFile + ": expected a PRIVATE KEY and a PUBLIC KEY block (auditctl seal keygen writes one)");
        }
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            return new SealSigner(kf.generatePrivate(new PKCS8EncodedKeySpec(priv)), kf.generatePublic(new X509EncodedKeySpec(pub)));
        } catch (GeneralSecurityException e) {
            throw new IOException(keyFile + ": not an Ed25519 key: " + e.getMessage(), e);
        }
    }

    public static PublicKey readPublic(Path file) throws IOException {
        byte[] pub = block(Files.readString(file, StandardCharsets.US_ASCII), "PUBLIC KEY");
        if (pub == null) {
            throw new IOException(file + ": expected a PUBLIC KEY block");
        }
        return publicKey(pub);
    }

    public static PublicKey publicKey(byte[] x509) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IOException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public String privatePem() {
        return pem("PRIVATE KEY", privateKey.getEncoded()) + publicPem();
    }

    public String publicPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A short, stable name for a public key: the first 16 hex digits of SHA-256 over its encoding. */
    public static String fingerprint(PublicKey key) {
        return Hashes.hex(Hashes.sha256().digest(key.getEncoded())).substring(0, 16);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] block(String pem, String type) {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                return Base64.getMimeDecoder().decode(m.group(2).strip());
            }
        }
        return null;
    }
}
