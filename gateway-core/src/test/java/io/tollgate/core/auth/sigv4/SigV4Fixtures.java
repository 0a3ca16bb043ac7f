package io.tollgate.core.auth.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.GatewayResponseType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Credentials, verifiers at fixed clocks, bodies, request edits and the assertions the SigV4 tests share. */
final class SigV4Fixtures {

    static final SigV4Credentials ALICE = new SigV4Credentials(SdkSigner.ACCESS_KEY, SdkSigner.SECRET,
            "arn:aws:iam::000000000000:user/alice", List.of("arn:aws:execute-api:us-east-1:000000000000:abc123/*"));

    private SigV4Fixtures() {
    }

    /** A verifier knowing only {@link #ALICE}, whose clock reads {@code now}. */
    static SigV4Verifier verifierAt(Instant now) {
        return verifierAt(now, ALICE);
    }

    static SigV4Verifier verifierAt(Instant now, SigV4Credentials known) {
        return new SigV4Verifier(key -> known.accessKeyId().equals(key) ? Mono.just(known) : Mono.empty(),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A verifier whose clock reads 30 seconds after the SDK signed. */
    static SigV4Verifier verifier() {
        return verifierAt(SdkSigner.SIGNED_AT.plusSeconds(30));
    }

    static SigV4Verifier verifierFor(String service, Instant now) {
        return new SigV4Verifier(key -> Mono.just(ALICE), Clock.fixed(now, ZoneOffset.UTC), service,
                Duration.ofMinutes(5));
    }

    /** Headers that take any value, even with the surrounding white space Netty's decoder strips off. */
    static HttpHeaders lenientHeaders() {
        return DefaultHttpHeadersFactory.headersFactory().withValueValidation(false).newHeaders();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Supplier<Mono<byte[]>> body(String text) {
        return () -> Mono.just(bytes(text));
    }

    static Supplier<Mono<byte[]>> noBody() {
        return Mono::empty;
    }

    /** A body that fails the test if the verifier asks for it. */
    static Supplier<Mono<byte[]>> unreadBody() {
        return () -> Mono.error(new AssertionError("the verifier asked for the body"));
    }

    /** A body that counts how often it is asked for. */
    static Supplier<Mono<byte[]>> counted(String text, AtomicInteger reads) {
        return () -> {
            reads.incrementAndGet();
            return Mono.just(bytes(text));
        };
    }

    static SigV4Result assertVerified(Mono<SigV4Result> verification) {
        SigV4Result result = verification.block(Duration.ofSeconds(5));
        assertThat(result).isNotNull();
        assertThat(result.credentials()).isEqualTo(ALICE);
        return result;
    }

    static void assertRefused(Mono<SigV4Result> verification, GatewayResponseType type, String errorType,
            String message) {
        StepVerifier.create(verification)
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(SigV4Exception.class);
                    SigV4Exception refusal = (SigV4Exception) error;
                    assertThat(refusal.getMessage()).isEqualTo(message);
                    assertThat(refusal.type()).isEqualTo(type);
                    assertThat(refusal.errorType()).isEqualTo(errorType);
                    assertThat(refusal.status()).isEqualTo(403);
                })
                .verify(Duration.ofSeconds(5));
    }

    /** Refused as InvalidSignatureException with {@code message}. */
    static void assertInvalid(Mono<SigV4Result> verification, String message) {
        assertRefused(verification, GatewayResponseType.INVALID_SIGNATURE, "InvalidSignatureException", message);
    }

    /** Refused because the signature does not match. */
    static void assertMismatch(Mono<SigV4Result> verification) {
        assertInvalid(verification, SigV4Messages.SIGNATURE_MISMATCH);
    }

    /** Refused as IncompleteSignatureException with {@code message}. */
    static void assertIncomplete(Mono<SigV4Result> verification, String message) {
        assertRefused(verification, GatewayResponseType.DEFAULT_4XX, "IncompleteSignatureException", message);
    }

    static SignedRequest withHeader(SignedRequest request, String name, String value) {
        HttpHeaders headers = request.headers().copy();
        if (value == null) {
            headers.remove(name);
        } else {
            headers.set(name, value);
        }
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers);
    }

    static SignedRequest addingHeader(SignedRequest request, String name, String value) {
        HttpHeaders headers = request.headers().copy();
        headers.add(name, value);
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers);
    }

    static SignedRequest withPath(SignedRequest request, String rawPath) {
        return new SignedRequest(request.method(), rawPath, request.rawQuery(), request.headers());
    }

    static SignedRequest withQuery(SignedRequest request, String rawQuery) {
        return new SignedRequest(request.method(), request.rawPath(), rawQuery, request.headers());
    }

    static SignedRequest withMethod(SignedRequest request, String method) {
        return new SignedRequest(method, request.rawPath(), request.rawQuery(), request.headers());
    }

    /** The request's Authorization header with {@code from} replaced by {@code to} (which must occur). */
    static SignedRequest editingAuthorization(SignedRequest request, String from, String to) {
        String authorization = request.headers().get("Authorization");
        assertThat(authorization).contains(from);
        return withHeader(request, "Authorization", authorization.replace(from, to));
    }

    /** The request's query with {@code from} replaced by {@code to} (which must occur). */
    static SignedRequest editingQuery(SignedRequest request, String from, String to) {
        assertThat(request.rawQuery()).contains(from);
        return withQuery(request, request.rawQuery().replace(from, to));
    }
}
