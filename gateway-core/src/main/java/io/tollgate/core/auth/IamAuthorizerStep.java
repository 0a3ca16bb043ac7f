package io.tollgate.core.auth;

import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.auth.sigv4.SigV4Credentials;
import io.tollgate.core.auth.sigv4.SigV4Exception;
import io.tollgate.core.auth.sigv4.SigV4Verifier;
import io.tollgate.core.auth.sigv4.SignedRequest;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.PayloadTooLargeException;
import io.tollgate.core.pipeline.Phase;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.StepOrder;
import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code AWS_IAM} authorization: the request must carry a valid AWS Signature Version 4 (header or presigned query)
 * by known credentials, whose {@code allowedResources} (when any) cover the request's ARN. Refusals are AWS's 403s;
 * a body the signature covers is read whole (bounded by the route's limit) and still forwarded intact.
 */
public final class IamAuthorizerStep implements PipelineStep {

    private final @Nullable SigV4Verifier verifier;
    private final long maxBodySize;

    public IamAuthorizerStep(SigV4Verifier verifier, long maxBodySize) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.maxBodySize = maxBodySize;
    }

    private IamAuthorizerStep() {
        this.verifier = null;
        this.maxBodySize = 0;
    }

    /** The step of a gateway without IAM credentials: no signature can be checked, so every request is refused (403). */
    static IamAuthorizerStep refusingAll() {
        return new IamAuthorizerStep();
    }

    @Override
    public Phase phase() {
        return Phase.METHOD_REQUEST;
    }

    @Override
    public int order() {
        return StepOrder.AUTHORIZER;
    }

    @Override
    public String name() {
        return "aws-iam";
    }

    @Override
    public Mono<Reply> apply(GatewayExchange exchange, ExchangeHandler next) {
        SigV4Verifier verifier = this.verifier;
        if (verifier == null) {
            return Reply.errorMono(GatewayError.of(GatewayResponseType.ACCESS_DENIED,
                    "Forbidden: no IAM credentials are configured to check signatures against"));
        }
        SignedRequest request = new SignedRequest(exchange.request().method(), exchange.request().rawPath(),
                exchange.request().rawQuery(), exchange.request().headers());
        long start = System.nanoTime();
        return verifier.verify(request, () -> exchange.wholeBody(maxBodySize))
                .flatMap(result -> {
                    SigV4Credentials caller = result.credentials();
                    String arn = ExecuteApiArn.of(exchange);
                    if (!allowed(caller, arn)) {
                        return Reply.errorMono(GatewayError.of(GatewayResponseType.ACCESS_DENIED, "User: "
                                + caller.principalArn() + " is not authorized to perform: execute-api:Invoke on resource: " + arn));
                    }
                    exchange.authorization(new Authorization(AuthorizationType.AWS_IAM, caller.accessKeyId(), Map.of(),
                            Map.of(), List.of(), null, caller.principalArn(), (System.nanoTime() - start) / 1_000_000));
                    return next.handle(exchange);
                })
                .onErrorResume(SigV4Exception.class, refusal -> Reply.errorMono(new GatewayError(refusal.type(),
                        refusal.status(), refusal.getMessage(), refusal.errorType())))
                .onErrorResume(PayloadTooLargeException.class,
                        tooLarge -> Reply.errorMono(GatewayError.of(GatewayResponseType.REQUEST_TOO_LARGE)));
    }

    private static boolean allowed(SigV4Credentials caller, String arn) {
        if (caller.allowedResources().isEmpty()) {
            return true;
        }
        for (String resource : caller.allowedResources()) {
            if (ExecuteApiArn.matches(resource, arn)) {
                return true;
            }
        }
        return false;
    }
}
