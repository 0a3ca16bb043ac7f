package io.tollgate.core.auth.sigv4;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.auth.sigv4.SigV4Canonical.QueryParam;
import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SigV4 parameters of a request, read from its Authorization header or, presigned, from its query; reading refuses
 * what AWS refuses before it looks at time, scope or signature (in AWS's order: both forms at once, no SigV4 at all,
 * malformed or missing parameters, a malformed date or lifetime).
 */
final class SigV4Auth {

    static final String X_AMZ_ALGORITHM = "X-Amz-Algorithm";
    static final String X_AMZ_CREDENTIAL = "X-Amz-Credential";
    static final String X_AMZ_DATE = "X-Amz-Date";
    static final String X_AMZ_EXPIRES = "X-Amz-Expires";
    static final String X_AMZ_SIGNED_HEADERS = "X-Amz-SignedHeaders";
    static final String X_AMZ_SIGNATURE = "X-Amz-Signature";
    static final long MAX_EXPIRES_SECONDS = 604_800;

    /** SigV4's date-time: ISO 8601 basic format, UTC. */
    static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);

    final boolean presigned;
    final List<QueryParam> queryParams;
    final String algorithm;
    final String credential;
    final List<String> signedHeaders;
    final String signature;
    final String dateTime;
    final Instant signedAt;
    /** A presigned request's X-Amz-Expires; null when it has none (or is signed in its header). */
    final @Nullable Duration expires;

    private SigV4Auth(boolean presigned, List<QueryParam> queryParams, String algorithm, String credential,
            List<String> signedHeaders, String signature, String dateTime, Instant signedAt,
            @Nullable Duration expires) {
        this.presigned = presigned;
        this.queryParams = queryParams;
        this.algorithm = algorithm;
        this.credential = credential;
        this.signedHeaders = signedHeaders;
        this.signature = signature;
        this.dateTime = dateTime;
        this.signedAt = signedAt;
        this.expires = expires;
    }

    /** True when {@code params} has a pair named X-Amz-Algorithm. */
    static boolean hasAlgorithmParam(List<QueryParam> params) {
        for (QueryParam param : params) {
            if (X_AMZ_ALGORITHM.equals(param.rawName())) {
                return true;
            }
        }
        return false;
    }

    static SigV4Auth read(SignedRequest request) {
        List<QueryParam> params = SigV4Canonical.queryParams(request.rawQuery());
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        boolean query = hasAlgorithmParam(params);
        if (authorization != null && query) {
            throw SigV4Exception.invalid(SigV4Messages.BOTH_HEADER_AND_QUERY);
        }
        if (query) {
            return fromQuery(params);
        }
        if (authorization == null) {
            throw SigV4Exception.missingAuthenticationToken();
        }
        return fromHeader(authorization, request.headers(), params);
    }

    @SuppressWarnings("NullAway") // a parameter or date left null is reported in missing, which throws
    private static SigV4Auth fromHeader(String authorization, HttpHeaders headers, List<QueryParam> params) {
        String value = authorization.strip();
        int space = firstWhiteSpace(value);
        String algorithm = space < 0 ? value : value.substring(0, space);
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String token : tokens(space < 0 ? "" : value.substring(space + 1))) {
            int eq = token.indexOf('=');
            if (eq < 0) {
                throw SigV4Exception.incomplete(SigV4Messages.notKeyValuePair(token, authorization));
            }
            String name = token.substring(0, eq);
            String parameter = token.substring(eq + 1);
            if (name.equals("Credential") && credential == null) {
                credential = parameter;
            } else if (name.equals("SignedHeaders") && signedHeaders == null) {
                signedHeaders = parameter;
            } else if (name.equals("Signature") && signature == null) {
                signature = parameter;
            }
        }
        String amzDate = headers.get(X_AMZ_DATE);
        String date = amzDate == null ? headers.get(HttpHeaderNames.DATE) : null;
        StringBuilder missing = new StringBuilder();
        requireHeaderParameter("Credential", credential, missing);
        requireHeaderParameter("Signature", signature, missing);
        requireHeaderParameter("SignedHeaders", signedHeaders, missing);
        if (amzDate == null && date == null) {
            missing.append(SigV4Messages.headerRequiresDate());
        }
        if (missing.length() > 0) {
            throw SigV4Exception.incomplete(SigV4Messages.quotingAuthorization(missing.toString(), authorization));
        }
        Instant signedAt = amzDate != null ? parseDateTime(amzDate) : parseHttpDate(date);
        String dateTime = amzDate != null ? amzDate : DATE_TIME.format(LocalDateTime.ofInstant(signedAt, ZoneOffset.UTC));
        return new SigV4Auth(false, params, algorithm, credential, headerNames(signedHeaders), signature, dateTime,
                signedAt, null);
    }

    @SuppressWarnings("NullAway") // a parameter left null is reported in missing, which throws
    private static SigV4Auth fromQuery(List<QueryParam> params) {
        String algorithm = param(params, X_AMZ_ALGORITHM);
        String credential = param(params, X_AMZ_CREDENTIAL);
        String signature = param(params, X_AMZ_SIGNATURE);
        String signedHeaders = param(params, X_AMZ_SIGNED_HEADERS);
        String dateTime = param(params, X_AMZ_DATE);
        StringBuilder missing = new StringBuilder();
        requireQueryParameter(X_AMZ_ALGORITHM, algorithm, missing);
        requireQueryParameter(X_AMZ_CREDENTIAL, credential, missing);
        requireQueryParameter(X_AMZ_SIGNATURE, signature, missing);
        requireQueryParameter(X_AMZ_SIGNED_HEADERS, signedHeaders, missing);
        requireQueryParameter(X_AMZ_DATE, dateTime, missing);
        if (missing.length() > 0) {
            throw SigV4Exception.incomplete(missing.append(SigV4Messages.REEXAMINE_QUERY).toString());
        }
        Instant signedAt = parseDateTime(dateTime);
        String expiresText = param(params, X_AMZ_EXPIRES);
        Duration expires = expiresText == null ? null : parseExpires(expiresText);
        return new SigV4Auth(true, params, algorithm, credential, headerNames(signedHeaders), signature, dateTime,
                signedAt, expires);
    }

    private static void requireHeaderParameter(String name, @Nullable String value, StringBuilder missing) {
        if (value == null || value.isEmpty()) {
            missing.append(SigV4Messages.headerRequires(name));
        }
    }

    private static void requireQueryParameter(String name, @Nullable String value, StringBuilder missing) {
        if (value == null || value.isEmpty()) {
            missing.append(SigV4Messages.queryRequires(name));
        }
    }

    /** The decoded value of the first pair named {@code name}; null when there is none or it cannot be decoded. */
    private static @Nullable String param(List<QueryParam> params, String name) {
        for (QueryParam param : params) {
            if (name.equals(param.rawName())) {
                return SigV4Canonical.decodeToString(param.rawValue());
            }
        }
        return null;
    }

    /** The pieces of an Authorization header after the algorithm, split at commas and white space. */
    private static List<String> tokens(String parameters) {
        List<String> tokens = new ArrayList<>(4);
        int start = -1;
        for (int i = 0; i <= parameters.length(); i++) {
            boolean separator = i == parameters.length() || parameters.charAt(i) == ','
                    || Character.isWhitespace(parameters.charAt(i));
            if (separator && start >= 0) {
                tokens.add(parameters.substring(start, i));
                start = -1;
            } else if (!separator && start < 0) {
                start = i;
            }
        }
        return tokens;
    }

    private static int firstWhiteSpace(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The lower-case names of a SignedHeaders list. */
    private static List<String> headerNames(String signedHeaders) {
        List<String> names = new ArrayList<>(8);
        int start = 0;
        while (start <= signedHeaders.length()) {
            int semicolon = signedHeaders.indexOf(';', start);
            int end = semicolon < 0 ? signedHeaders.length() : semicolon;
            names.add(signedHeaders.substring(start, end).toLowerCase(Locale.ROOT));
            start = end + 1;
        }
        return names;
    }

    static Instant parseDateTime(String text) {
        try {
            return LocalDateTime.parse(text, DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw SigV4Exception.incomplete(SigV4Messages.badDate(text));
        }
    }

    private static Instant parseHttpDate(String text) {
        try {
            return ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw SigV4Exception.incomplete(SigV4Messages.badDate(text));
        }
    }

    private static Duration parseExpires(String text) {
        long seconds;
        try {
            seconds = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw SigV4Exception.incomplete(SigV4Messages.EXPIRES_NOT_A_NUMBER);
        }
        if (seconds < 1) {
            throw SigV4Exception.incomplete(SigV4Messages.EXPIRES_NOT_POSITIVE);
        }
        if (seconds > MAX_EXPIRES_SECONDS) {
            throw SigV4Exception.incomplete(SigV4Messages.EXPIRES_TOO_LONG);
        }
        return Duration.ofSeconds(seconds);
    }
}
