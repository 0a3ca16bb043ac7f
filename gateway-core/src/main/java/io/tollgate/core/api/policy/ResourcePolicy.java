package io.tollgate.core.api.policy;

import io.netty.util.NetUtil;
import io.tollgate.core.api.Problems;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * An API's resource policy on client addresses: requests from a {@code deny} address are refused (an explicit deny
 * wins), and when {@code allow} is not empty only its addresses get in. Entries are addresses or CIDR blocks, IPv4 or
 * IPv6. The client address is the direct peer, unless the peer is one of {@code trustedProxies}: then it is the
 * right-most address of {@code X-Forwarded-For} that is not a trusted proxy.
 */
public record ResourcePolicy(List<String> allow, List<String> deny, List<String> trustedProxies) {

    public ResourcePolicy {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** The policy when it is valid; null when there is none, or (problems recorded) when it is invalid. */
    public static @Nullable ResourcePolicy validate(@Nullable ResourcePolicy policy, Problems problems) {
        if (policy == null) {
            return null;
        }
        int before = problems.asList().size();
        check(policy.allow(), "resource-policy.allow", problems);
        check(policy.deny(), "resource-policy.deny", problems);
        check(policy.trustedProxies(), "resource-policy.trusted-proxies", problems);
        return problems.asList().size() > before ? null : policy;
    }

    private static void check(List<String> entries, String path, Problems problems) {
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            if (!isCidr(entry)) {
                problems.add(path + "[" + i + "]", "'" + entry + "' is not an IP address or CIDR block (203.0.113.0/24, 2001:db8::/32)");
            }
        }
    }

    /** Whether {@code text} is an IP literal, optionally with a prefix length that fits it. */
    public static boolean isCidr(@Nullable String text) {
        if (text == null) {
            return false;
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        try {
            int prefix = Integer.parseInt(text.substring(slash + 1));
            return prefix >= 0 && prefix <= bytes.length * 8;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
