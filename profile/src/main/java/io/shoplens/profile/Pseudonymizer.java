package io.shoplens.profile;

import io.shoplens.core.data.DataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudonymous user ids for exports: HMAC-SHA256 (RFC 2104, FIPS 198-1) of the user id's text under a secret key,
 * as the first 128 bits in lower-case hex (32 characters). Serializable, so Spark tasks can carry it. The same key always maps an id to the same pseudonym
 * (so exports of different runs join), a different key to an unrelated one, and without the key the ids cannot be
 * recovered by hashing guesses. The key comes from a file or the environment, never from the repository; it must
 * hold at least 16 bytes. Thread-safe (one {@link Mac} per thread).
 */
public final class Pseudonymizer implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The environment variable holding the key when no key file is given. */
    public static final String ENV = "SHOPLENS_PSEUDONYM_KEY";
    /** Shortest accepted key in bytes. */
    public static final int MIN_KEY_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private transient ThreadLocal<Mac> mac;

    /** A pseudonymizer under {@code key} (at least {@value #MIN_KEY_BYTES} bytes). */
    public Pseudonymizer(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the pseudonym key has " + key.length + " bytes; at least "
                    + MIN_KEY_BYTES + " are needed");
        }
        this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
    }

    /**
     * The key from {@code keyFile} (its bytes, a trailing line break removed) when given, else from the
     * environment variable {@value #ENV} (its UTF-8 bytes); null when neither is set.
     */
    public static Pseudonymizer fromFileOrEnv(Path keyFile, String envValue) {
        if (keyFile != null) {
            byte[] b;
            try {
                b = Files.readAllBytes(keyFile);
            } catch (IOException e) {
                throw new DataException("cannot read the pseudonym key file " + keyFile + ": " + e.getMessage(), e);
            }
            int n = b.length;
            while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r')) {
                n--;
            }
            return new Pseudonymizer(Arrays.copyOf(b, n));
        }
        if (envValue != null && !envValue.isEmpty()) {
            return new Pseudonymizer(envValue.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    /** The pseudonym of {@code userId}. */
    public String pseudonym(String userId) {
        ThreadLocal<Mac> m = mac;
        if (m == null) {
            m = ThreadLocal.withInitial(this::newMac);
            mac = m;
        }
        byte[] h = m.get().doFinal(userId.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(h, 0, 16);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(key);
            return m;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("this JVM cannot compute " + ALGORITHM + ": " + e.getMessage(), e);
        }
    }
}
