package io.tollgate.core.auth.sigv4;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.tollgate.core.auth.sigv4.SigV4Canonical.QueryParam;
import org.jspecify.annotations.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Verifies AWS Signature Version 4 on a received request, as Amazon API Gateway does for IAM-authorised methods: the
 * {@code Authorization: AWS4-HMAC-SHA256 ...} header form (with {@code X-Amz-Date}, or {@code Date}) and the presigned
 * query form ({@code X-Amz-Algorithm}, {@code X-Amz-Credential}, {@code X-Amz-Date}, {@code X-Amz-Expires},
 * {@code X-Amz-SignedHeaders}, {@code X-Amz-Signature}, optional {@code X-Amz-Security-Token}). The canonical request is
 * the one for services other than S3; {@link SigV4Canonical} says how each part is built.
 *
 * <h2>Checks, in AWS's order, and what each refusal is</h2>
 * Every refusal is a {@link SigV4Exception} with status 403. Messages: {@link SigV4Messages} names the source of each
 * wording ("API Gateway" = confirmed from API Gateway; anything else is UNCONFIRMED for API Gateway).
 * <table>
 *   <caption>situation, gateway response type, x-amzn-ErrorType, message</caption>
 *   <tr><th>situation</th><th>type()</th><th>errorType()</th><th>message</th></tr>
 *   <tr><td>no Authorization header, no X-Amz-Algorithm</td><td>MISSING_AUTHENTICATION_TOKEN</td>
 *       <td>MissingAuthenticationTokenException</td><td>Missing Authentication Token (confirmed)</td></tr>
 *   <tr><td>both forms at once</td><td>INVALID_SIGNATURE</td><td>InvalidSignatureException</td>
 *       <td>Found both 'X-Amz-Algorithm' ... (UNCONFIRMED)</td></tr>
 *   <tr><td>header piece without '='</td><td>DEFAULT_4XX</td><td>IncompleteSignatureException</td>
 *       <td>'x' not a valid key=value pair (missing equal-sign) in Authorization header: '...'. (confirmed)</td></tr>
 *   <tr><td>Credential/Signature/SignedHeaders/date missing</td><td>DEFAULT_4XX</td><td>IncompleteSignatureException</td>
 *       <td>Authorization header requires 'Credential' parameter. ... Authorization=... (confirmed)</td></tr>
 *   <tr><td>presigned parameter missing</td><td>DEFAULT_4XX</td><td>IncompleteSignatureException</td>
 *       <td>AWS query-string parameters must include '...'. Re-examine the query-string parameters. (UNCONFIRMED)</td></tr>
 *   <tr><td>date not ISO 8601 basic (or Date not RFC 1123)</td><td>DEFAULT_4XX</td><td>IncompleteSignatureException</td>
 *       <td>Date must be in ISO-8601 'basic format'. ... (UNCONFIRMED)</td></tr>
 *   <tr><td>X-Amz-Expires not 1..604800</td><td>DEFAULT_4XX</td><td>IncompleteSignatureException</td>
 *       <td>S3's X-Amz-Expires messages (UNCONFIRMED)</td></tr>
 *   <tr><td>date older than the clock minus the skew</td><td>INVALID_SIGNATURE</td><td>InvalidSignatureException</td>
 *       <td>Signature expired: D is now earlier than N-5 (N - 5 min.) (confirmed)</td></tr>
 *   <tr><td>date later than the clock plus the skew</td><td>INVALID_SIGNATURE</td><td>InvalidSignatureException</td>
 *       <td>Signature not yet current: D is still later than N+5 (N + 5 min.) (first words confirmed)</td></tr>
 *   <tr><td>presigned, past X-Amz-Date + X-Amz-Expires</td><td>INVALID_SIGNATURE</td><td>InvalidSignatureException</td>
 *       <td>Signature expired: D is now earlier than N-E (N - E) (UNCONFIRMED)</td></tr>
 *   <tr><td>host not a signed header</td><td>INVALID_SIGNATURE</td><td>InvalidSignatureException</td>
 *       <td>'Host' must be a 'SignedHeader' in the AWS Authorization. (UNCONFIRMED)</td></tr>
 *   <tr><td>algorithm not AWS4-HMAC-SHA256</td><td>DEFAULT_4XX</td><td>IncompleteSignatureException</td>
 *       <td>Unsupported AWS 'algorithm': '...' (only AWS4-HMAC-SHA256 for now). (UNCONFIRMED)</td></tr>
 *   <tr><td>credential not 5 elements</td><td>DEFAULT_4XX</td><td>IncompleteSignatureException</td>
 *       <td>Credential must have exactly 5 slash-delimited elements, ... (UNCONFIRMED)</td></tr>
 *   <tr><td>wrong service / terminator / scope date</td><td>INVALID_SIGNATURE</td><td>InvalidSignatureException</td>
 *       <td>Credential should be scoped to correct service: 'execute-api'. (confirmed), terminator and date sentences
 *       (UNCONFIRMED; date: first words confirmed), joined</td></tr>
 *   <tr><td>unknown access key</td><td>DEFAULT_4XX</td><td>UnrecognizedClientException</td>
 *       <td>The security token included in the request is invalid. (confirmed)</td></tr>
 *   <tr><td>signature does not match (or is not 64 hex digits)</td><td>INVALID_SIGNATURE</td>
 *       <td>InvalidSignatureException</td><td>The request signature we calculated does not match ... (confirmed; the
 *       canonical request and string-to-sign AWS appends are left out on purpose)</td></tr>
 *   <tr><td>body does not hash to x-amz-content-sha256</td><td>INVALID_SIGNATURE</td><td>InvalidSignatureException</td>
 *       <td>The provided 'x-amz-content-sha256' header does not match what was computed. (S3's; UNCONFIRMED)</td></tr>
 * </table>
 * {@code DEFAULT_4XX} is the type API Gateway documents for a 4XX without a type of its own; it is used for AWS's
 * {@code IncompleteSignatureException} and {@code UnrecognizedClientException}, which have none (which customisation
 * API Gateway really applies to them is UNCONFIRMED). Answer with {@link SigV4Exception#status()} (403), not the enum's
 * default status.
 *
 * <h2>Time</h2>
 * The header form's date must be within the skew (5 minutes by default) of the clock, both ways; a date exactly at the
 * limit passes, as AWS's messages show ("earlier than" the limit fails). A presigned request must not be dated later
 * than the clock plus the skew, and expires after {@code X-Amz-Date + X-Amz-Expires}; one without X-Amz-Expires (the
 * Java SDK's query signing without an expiration) gets the header form's window.
 *
 * <h2>Payload hash</h2>
 * The {@code x-amz-content-sha256} header's value when the request has one (the Java SDK v2 always sends it with the
 * header form): the signature is checked first, then, unless it is {@code UNSIGNED-PAYLOAD}, the body must hash to it.
 * Without the header, the header form signs the hex SHA-256 of the body (of nothing, when there is no body). Presigned
 * requests without the header are signed either way by the Java SDK v2 (checked with 2.57.8): by default it signs the
 * body's hash (the empty-body hash when there is none) and sends no x-amz-content-sha256; with payload signing off it
 * signs {@code UNSIGNED-PAYLOAD}, again without the header. Both verify: {@code UNSIGNED-PAYLOAD} is tried first, so the
 * body is read only when that does not match (an attacker cannot turn a signature over a body's hash into one over
 * {@code UNSIGNED-PAYLOAD}). Which of the two Amazon API Gateway accepts for presigned requests is UNCONFIRMED. The body
 * is asked for only in these cases, at most once, and only once the access key is known.
 *
 * <h2>Why the AWS SDK's signer does not compute the expected signature</h2>
 * {@code software.amazon.awssdk:http-auth-aws} ({@code AwsV4HttpSigner}, 2.57.8) was tried on received requests; it
 * signs what an SDK client sends, not an arbitrary received request (each point checked against 2.57.8):
 * <ul>
 *   <li>in the header form it always adds and signs {@code x-amz-content-sha256} (even with payload signing off:
 *       {@code UNSIGNED-PAYLOAD}) and always adds and signs {@code X-Amz-Date} from its clock: a request signed without
 *       them (curl's {@code --aws-sigv4}, botocore, the AWS test suite, a {@code Date}-header client) gets a different
 *       canonical request and can never verify;</li>
 *   <li>it never signs {@code user-agent}, {@code expect}, {@code connection} or {@code x-amzn-trace-id}, even when the
 *       client listed them in SignedHeaders;</li>
 *   <li>its path normalisation goes through {@code java.net.URI}, which throws on characters a lenient client may send
 *       raw ({@code IllegalArgumentException: Illegal character in path} for {@code /a b|{x}});</li>
 *   <li>it takes decoded query parameters and signs the SignedHeaders list it computes itself from all headers given;
 *       presigned, it adds X-Amz-Algorithm/Credential/Date/Expires/SignedHeaders itself, so the received ones must be
 *       removed and re-derived; the signature comes back inside a rebuilt request and has to be parsed out again;</li>
 *   <li>the pieces that could be reused (canonical request, key derivation) are {@code @SdkInternalApi} and may change
 *       in any release.</li>
 * </ul>
 * It would also bring eight SDK jars (annotations, utils, identity-spi, http-client-spi, metrics-spi, http-auth-spi,
 * checksums-spi, checksums: 728 KB) into the engine. So the canonicalisation is here, and the tests sign their requests
 * with that SDK signer to show that what it signs verifies.
 *
 * <h2>For the caller</h2>
 * <ul>
 *   <li>{@link #verify} may be called on any request of an IAM-authorised method: an unsigned one is refused with
 *       {@code MISSING_AUTHENTICATION_TOKEN}, and an Authorization header of another scheme is parsed like AWS parses it
 *       (and refused with its IncompleteSignature message). {@link #isSigned} tells whether the request carries SigV4 at
 *       all.</li>
 *   <li>The body supplier gives the whole body as received (empty array or empty Mono: no body); it is subscribed at
 *       most once. Bounding its size is the caller's job.</li>
 *   <li>{@code rawPath} must be the path as on the wire (Netty's {@code uri()} up to the {@code '?'}), not decoded and
 *       not normalised. Raw non-ASCII bytes in a request target are not valid HTTP; Netty (4.2) hands them over as
 *       ISO-8859-1 characters, which this verifier encodes as UTF-8, so such (non-SDK) requests do not verify.
 *       Netty also strips the white space around header values, which the canonical form strips anyway.</li>
 *   <li>A security token (X-Amz-Security-Token) is covered by the signature when it is signed but is not checked
 *       against anything: {@link SigV4Credentials} has no session token.</li>
 *   <li>Any region is accepted; authorising the principal (its allowed resources) is the caller's job. An error from
 *       the credentials provider is passed on as it is (not a SigV4Exception).</li>
 * </ul>
 * Nothing here blocks; the derived signing keys are cached per secret, date, region and service (at most 512).
 */
public final class SigV4Verifier {

    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final String X_AMZ_CONTENT_SHA256 = "x-amz-content-sha256";
    private static final byte[] NO_BODY = new byte[0];

    private final SigV4CredentialsProvider credentials;
    private final Clock clock;
    private final String service;
    private final Duration skew;
    private final SigV4Crypto crypto = new SigV4Crypto();

    /** A verifier for service {@code execute-api}, any region, with a 5-minute clock skew. */
    public SigV4Verifier(SigV4CredentialsProvider credentials, Clock clock) {
        this(credentials, clock, "execute-api", Duration.ofMinutes(5));
    }

    public SigV4Verifier(SigV4CredentialsProvider credentials, Clock clock, String service, Duration skew) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.service = Objects.requireNonNull(service, "service");
        this.skew = Objects.requireNonNull(skew, "skew");
        if (skew.isNegative() || skew.isZero()) {
            throw new IllegalArgumentException("the clock skew must be positive: " + skew);
        }
    }

    /** True when the request carries SigV4: {@code Authorization: AWS4-HMAC-SHA256 ...} or X-Amz-Algorithm in the query. */
    public static boolean isSigned(SignedRequest request) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            String value = authorization.stripLeading();
            if (value.startsWith(SigV4Crypto.ALGORITHM) && (value.length() == SigV4Crypto.ALGORITHM.length()
                    || Character.isWhitespace(value.charAt(SigV4Crypto.ALGORITHM.length())))) {
                return true;
            }
        }
        return SigV4Auth.hasAlgorithmParam(SigV4Canonical.queryParams(request.rawQuery()));
    }

    /**
     * Verifies {@code request}. {@code body} supplies the whole request body; it is asked for only when the payload hash
     * needs it. Refusals are {@code Mono.error(SigV4Exception)}.
     */
    public Mono<SigV4Result> verify(SignedRequest request, Supplier<Mono<byte[]>> body) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(body, "body");
        return Mono.defer(() -> {
            SigV4Auth auth = SigV4Auth.read(request);
            Scope scope = check(auth);
            return credentials.find(scope.accessKeyId)
                    .switchIfEmpty(Mono.error(SigV4Exception::unrecognizedClient))
                    .flatMap(found -> verifySignature(request, auth, scope, found, body)
                            .thenReturn(new SigV4Result(found, auth.signedAt, scope.region, scope.service)));
        });
    }

    /** The checks that need no secret: time, host, algorithm, credential scope. */
    private Scope check(SigV4Auth auth) {
        checkTime(auth);
        if (!auth.signedHeaders.contains("host")) {
            throw SigV4Exception.invalid(SigV4Messages.HOST_NOT_SIGNED);
        }
        if (!SigV4Crypto.ALGORITHM.equals(auth.algorithm)) {
            throw SigV4Exception.incomplete(SigV4Messages.unsupportedAlgorithm(auth.algorithm));
        }
        Scope scope = Scope.parse(auth.credential);
        StringBuilder wrong = new StringBuilder();
        if (!service.equals(scope.service)) {
            wrong.append(SigV4Messages.wrongService(service));
        }
        if (!SigV4Crypto.TERMINATOR.equals(scope.terminator)) {
            wrong.append(SigV4Messages.wrongTerminator(scope.terminator));
        }
        String requestDate = auth.dateTime.substring(0, 8);
        if (!requestDate.equals(scope.date)) {
            wrong.append(SigV4Messages.scopeDateMismatch(scope.date, requestDate, auth.dateTime));
        }
        if (wrong.length() > 0) {
            throw SigV4Exception.invalid(wrong.toString());
        }
        return scope;
    }

    private void checkTime(SigV4Auth auth) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant latest = now.plus(skew);
        if (auth.signedAt.isAfter(latest)) {
            throw SigV4Exception.invalid(SigV4Messages.notYetCurrent(auth.dateTime, format(latest), format(now), skew));
        }
        if (auth.expires != null) {
            if (now.isAfter(auth.signedAt.plus(auth.expires))) {
                throw SigV4Exception.invalid(SigV4Messages.presignedExpired(auth.dateTime,
                        format(now.minus(auth.expires)), format(now), auth.expires));
            }
            return;
        }
        Instant earliest = now.minus(skew);
        if (auth.signedAt.isBefore(earliest)) {
            throw SigV4Exception.invalid(SigV4Messages.expired(auth.dateTime, format(earliest), format(now), skew));
        }
    }

    private Mono<Void> verifySignature(SignedRequest request, SigV4Auth auth, Scope scope, SigV4Credentials found,
            Supplier<Mono<byte[]>> body) {
        String unhashed = canonicalRequestBeforePayload(request, auth);
        if (unhashed == null) {
            return Mono.error(SigV4Exception.invalid(SigV4Messages.SIGNATURE_MISMATCH));
        }
        String declared = request.headers().get(X_AMZ_CONTENT_SHA256);
        if (declared != null) {
            if (!signatureMatches(unhashed + declared, auth, scope, found)) {
                return Mono.error(SigV4Exception.invalid(SigV4Messages.SIGNATURE_MISMATCH));
            }
            if (UNSIGNED_PAYLOAD.equals(declared)) {
                return Mono.empty();
            }
            return Mono.defer(body).defaultIfEmpty(NO_BODY).flatMap(bytes ->
                    declared.equalsIgnoreCase(SigV4Crypto.sha256Hex(bytes)) ? Mono.<Void>empty()
                            : Mono.error(SigV4Exception.invalid(SigV4Messages.CONTENT_SHA256_MISMATCH)));
        }
        if (auth.presigned && signatureMatches(unhashed + UNSIGNED_PAYLOAD, auth, scope, found)) {
            return Mono.empty();
        }
        return Mono.defer(body).defaultIfEmpty(NO_BODY).flatMap(bytes ->
                signatureMatches(unhashed + SigV4Crypto.sha256Hex(bytes), auth, scope, found) ? Mono.<Void>empty()
                        : Mono.error(SigV4Exception.invalid(SigV4Messages.SIGNATURE_MISMATCH)));
    }

    /** Compares, in constant time, the request's signature with the one {@code canonicalRequest} gives. */
    private boolean signatureMatches(String canonicalRequest, SigV4Auth auth, Scope scope, SigV4Credentials found) {
        String stringToSign = SigV4Crypto.ALGORITHM + '\n' + auth.dateTime + '\n' + scope.date + '/' + scope.region
                + '/' + scope.service + '/' + scope.terminator + '\n'
                + SigV4Crypto.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] key = crypto.signingKey(found.secretKey(), scope.date, scope.region, scope.service);
        byte[] expected = SigV4Crypto.hex(SigV4Crypto.hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, auth.signature.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The canonical request up to its last line, the payload hash; null when it cannot be built (a malformed query, an
     * empty signed header name): no client signs such a request.
     */
    private static @Nullable String canonicalRequestBeforePayload(SignedRequest request, SigV4Auth auth) {
        if (auth.signedHeaders.contains("")) {
            return null;
        }
        List<QueryParam> params = auth.queryParams;
        String query = SigV4Canonical.query(params, auth.presigned ? SigV4Auth.X_AMZ_SIGNATURE : null);
        if (query == null) {
            return null;
        }
        return request.method() + '\n' + SigV4Canonical.uri(request.rawPath()) + '\n' + query + '\n'
                + SigV4Canonical.headers(request.headers(), auth.signedHeaders) + '\n'
                + String.join(";", auth.signedHeaders) + '\n';
    }

    private static String format(Instant instant) {
        return SigV4Auth.DATE_TIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** The five elements of a credential: access key id, date, region, service, terminator. */
    private record Scope(String accessKeyId, String date, String region, String service, String terminator) {

        static Scope parse(String credential) {
            String[] parts = new String[5];
            int count = 0;
            int start = 0;
            while (start <= credential.length()) {
                int slash = credential.indexOf('/', start);
                int end = slash < 0 ? credential.length() : slash;
                if (count == parts.length) {
                    count++;
                    break;
                }
                parts[count++] = credential.substring(start, end);
                start = end + 1;
            }
            if (count != parts.length) {
                throw SigV4Exception.incomplete(SigV4Messages.credentialElements(credential));
            }
            return new Scope(parts[0], parts[1], parts[2], parts[3], parts[4]);
        }
    }
}
