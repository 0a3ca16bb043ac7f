package io.tollgate.autoconfigure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hides what may be a secret in what Tollgate shows of its configuration (the startup report, the actuator view). */
final class SecretMask {

    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@?#]*)@");
    private static final Pattern QUERY_VALUE = Pattern.compile("([?&][^=&#]*)=([^&#]*)");

    private SecretMask() {
    }

    /** {@code uri} with the password of its user info and the values of its query replaced by {@code ****}. */
    static String uri(String uri) {
        Matcher userInfo = USER_INFO.matcher(uri);
        String masked = uri;
        if (userInfo.find()) {
            String info = userInfo.group(2);
            int colon = info.indexOf(':');
            masked = userInfo.group(1) + (colon < 0 ? "****" : info.substring(0, colon + 1) + "****") + "@"
                    + uri.substring(userInfo.end());
        }
        return QUERY_VALUE.matcher(masked).replaceAll("$1=****");
    }
}
