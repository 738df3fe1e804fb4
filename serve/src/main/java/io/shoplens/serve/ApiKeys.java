package io.shoplens.serve;

import io.shoplens.core.data.DataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The API keys the service accepts, stored hashed: a keys file has one key per line, {@code name role sha256hex}
 * (the SHA-256 of the key's UTF-8 bytes in lower-case hex), with blank lines and {@code #} comments allowed. The
 * key itself is never stored; {@link #newKey} makes a random 256-bit key and the line to add for it.
 *
 * <p>Thread-safe: immutable after loading.
 */
public final class ApiKeys {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One key holder.
     *
     * @param name the key's name, used for rate limits, metrics and logs
     * @param role what the key may do
     */
    public record Principal(String name, Role role) {
    }

    /**
     * A freshly made key.
     *
     * @param key  the secret to give to the client (shown once)
     * @param line the line to add to the keys file
     */
    public record NewKey(String key, String line) {
    }

    private final Map<String, Principal> byHash;
    /** Keys already verified, so a hot client's key is hashed once; bounded, only valid keys enter. */
    private final java.util.concurrent.ConcurrentHashMap<String, Principal> verified =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_VERIFIED = 10_000;

    private ApiKeys(Map<String, Principal> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    /** Keys from lines in the keys-file format; {@code source} names the origin in messages. */
    public static ApiKeys parse(List<String> lines, String source) {
        Map<String, Principal> byHash = new HashMap<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String[] f = line.split("\\s+");
            if (f.length != 3) {
                throw new DataException(where + " has " + f.length + " fields; expected 'name role sha256hex'");
            }
            if (!NAME.matcher(f[0]).matches()) {
                throw new DataException(where + ": key name '" + f[0] + "' must be 1-64 of A-Z a-z 0-9 _ . -");
            }
            Role role;
            try {
                role = Role.parse(f[1]);
            } catch (IllegalArgumentException e) {
                throw new DataException(where + ": " + e.getMessage(), e);
            }
            if (!HEX.matcher(f[2]).matches()) {
                throw new DataException(where + ": '" + f[2] + "' is not a lower-case SHA-256 hex digest");
            }
            Integer previous = names.put(f[0], i + 1);
            if (previous != null) {
                throw new DataException(where + ": key name '" + f[0] + "' is already used on line " + previous);
            }
            if (byHash.put(f[2], new Principal(f[0], role)) != null) {
                throw new DataException(where + ": the same key hash appears twice");
            }
        }
        if (byHash.isEmpty()) {
            throw new DataException(source + " has no keys; make one with 'shoplens serve --make-key NAME ROLE'");
        }
        return new ApiKeys(byHash);
    }

    /** Keys from a keys file. */
    public static ApiKeys load(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new DataException("cannot read keys file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The holder of {@code key}, or null when no key matches. */
    public Principal authenticate(String key) {
        Principal p = verified.get(key);
        if (p != null) {
            return p;
        }
        p = byHash.get(sha256(key));
        if (p != null && verified.size() < MAX_VERIFIED) {
            verified.put(key, p);
        }
        return p;
    }

    /** Number of keys. */
    public int size() {
        return byHash.size();
    }

    /** A new random key named {@code name} with {@code role}, and its keys-file line. */
    public static NewKey newKey(String name, Role role) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("key name '" + name + "' must be 1-64 of A-Z a-z 0-9 _ . -");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = "sl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new NewKey(key, name + " " + role.label() + " " + sha256(key));
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code key}. */
    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
