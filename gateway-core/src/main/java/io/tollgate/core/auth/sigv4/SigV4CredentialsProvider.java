package io.tollgate.core.auth.sigv4;

import reactor.core.publisher.Mono;

/** Finds the credentials of an access key id. */
@FunctionalInterface
public interface SigV4CredentialsProvider {

    /**
     * The credentials of {@code accessKeyId}; an empty Mono when the key is unknown (the verifier then refuses the
     * request as AWS does for an unrecognised key). An error is passed on to the verifier's caller unchanged.
     * Must not block.
     */
    Mono<SigV4Credentials> find(String accessKeyId);
}
