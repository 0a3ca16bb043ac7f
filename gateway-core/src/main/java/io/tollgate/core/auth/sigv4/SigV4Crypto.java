package io.tollgate.core.auth.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SHA-256, HMAC-SHA256 and SigV4's signing keys, the derived keys kept in a small bounded cache. */
final class SigV4Crypto {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String TERMINATOR = "aws4_request";

    /** Enough for every caller of a busy gateway on a day in a handful of regions; past it the cache starts over. */
    private static final int MAX_CACHED_KEYS = 512;
    private static final HexFormat HEX = HexFormat.of();

    private final Map<KeyScope, byte[]> signingKeys = new ConcurrentHashMap<>();

    /**
     * The signing key of a secret for a day, region and service:
     * HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
     */
    byte[] signingKey(String secretKey, String date, String region, String service) {
        KeyScope scope = new KeyScope(secretKey, date, region, service);
        byte[] cached = signingKeys.get(scope);
        if (cached != null) {
            return cached;
        }
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, TERMINATOR);
        if (signingKeys.size() >= MAX_CACHED_KEYS) {
            signingKeys.clear();
        }
        signingKeys.put(scope, key);
        return key;
    }

    /** How many derived keys are cached (for tests). */
    int cachedKeys() {
        return signingKeys.size();
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /**
     * A cache key. Not a record, so that no generated {@code toString} can ever print the secret; equality compares
     * the secret too, so a rotated secret derives a new key.
     */
    private static final class KeyScope {
        private final String secretKey;
        private final String date;
        private final String region;
        private final String service;

        KeyScope(String secretKey, String date, String region, String service) {
            this.secretKey = secretKey;
            this.date = date;
            this.region = region;
            this.service = service;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof KeyScope that && secretKey.equals(that.secretKey) && date.equals(that.date)
                    && region.equals(that.region) && service.equals(that.service);
        }

        @Override
        public int hashCode() {
            return Objects.hash(secretKey, date, region, service);
        }

        @Override
        public String toString() {
            return "KeyScope[" + date + "/" + region + "/" + service + "]";
        }
    }
}
