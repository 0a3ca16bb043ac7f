package io.tollgate.core.auth;

import io.tollgate.core.pipeline.GatewayExchange;

/**
 * The {@code execute-api} ARN of a request, {@code arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}},
 * as AWS passes {@code methodArn}/{@code routeArn} to authorizers and matches policies against it. Tollgate has no
 * AWS region or account: they are {@value #REGION} and {@value #ACCOUNT}, so policies written for AWS match when their
 * region and account are {@code *}.
 */
public final class ExecuteApiArn {

    /** The region part of Tollgate's ARNs. */
    public static final String REGION = "local";
    /** The account part of Tollgate's ARNs. */
    public static final String ACCOUNT = "000000000000";

    private static final String PREFIX = "arn:aws:execute-api:" + REGION + ":" + ACCOUNT + ":";

    private ExecuteApiArn() {
    }

    /**
     * The ARN of {@code exchange}'s request: its method and path below the stage; for a WebSocket API's event its route
     * key instead ({@code .../prod/$connect}), as AWS's.
     */
    public static String of(GatewayExchange exchange) {
        if (exchange.webSocket() != null) {
            return PREFIX + exchange.api().id() + "/" + exchange.stage().name() + "/" + exchange.routeKey();
        }
        String path = exchange.resourceRequestPath();
        return PREFIX + exchange.api().id() + "/" + exchange.stage().name() + "/" + exchange.request().method()
                + (path.startsWith("/") ? path : "/" + path);
    }

    /**
     * Whether {@code value} matches an IAM-style {@code pattern}: {@code *} matches any run of characters (slashes
     * included), {@code ?} any one character, everything else itself (case-sensitive, as IAM's ARN matching).
     */
    public static boolean matches(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int resume = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
