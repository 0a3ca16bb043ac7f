package io.tollgate.core.policy;

import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.policy.ResourcePolicy;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Phase;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.StepOrder;
import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * An API's resource policy, first of the method request: finds the client address (the peer, or behind trusted
 * proxies the right-most untrusted {@code X-Forwarded-For} entry), records it as {@code $context.identity.sourceIp},
 * and refuses with 403 an address that is denied (explicit deny wins) or, when an allow list exists, not allowed.
 */
final class ResourcePolicyStep implements PipelineStep {

    private final List<Cidr> allow;
    private final List<Cidr> deny;
    private final List<Cidr> trusted;

    ResourcePolicyStep(ResourcePolicy policy) {
        this.allow = policy.allow().stream().map(Cidr::parse).toList();
        this.deny = policy.deny().stream().map(Cidr::parse).toList();
        this.trusted = policy.trustedProxies().stream().map(Cidr::parse).toList();
    }

    @Override
    public Phase phase() {
        return Phase.METHOD_REQUEST;
    }

    @Override
    public int order() {
        return StepOrder.RESOURCE_POLICY;
    }

    @Override
    public String name() {
        return "resource-policy";
    }

    @Override
    public Mono<Reply> apply(GatewayExchange exchange, ExchangeHandler next) {
        String client = client(exchange);
        if (!client.equals(exchange.sourceIp())) {
            exchange.clientAddress(client);
        }
        byte[] address = Cidr.address(client);
        if (matches(deny, address)) {
            return refuse(exchange, " with an explicit deny");
        }
        if (!allow.isEmpty() && !matches(allow, address)) {
            return refuse(exchange, "");
        }
        return next.handle(exchange);
    }

    private String client(GatewayExchange exchange) {
        String peer = exchange.sourceIp();
        if (trusted.isEmpty() || !matches(trusted, Cidr.address(peer))) {
            return peer;
        }
        List<String> forwarded = exchange.request().headers().getAll("x-forwarded-for");
        String client = peer;
        for (int h = forwarded.size() - 1; h >= 0; h--) {
            String[] hops = forwarded.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                byte[] address = Cidr.address(hop);
                if (address == null) {
                    return client;
                }
                client = hop;
                if (!matches(trusted, address)) {
                    return client;
                }
            }
        }
        return client;
    }

    private static boolean matches(List<Cidr> blocks, byte @Nullable [] address) {
        for (Cidr block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static Mono<Reply> refuse(GatewayExchange exchange, String explicit) {
        String resource = "arn:aws:execute-api:local:000000000000:" + exchange.api().id() + "/" + exchange.stage().name()
                + "/" + exchange.request().method() + exchange.resourceRequestPath();
        return Reply.errorMono(GatewayError.of(GatewayResponseType.ACCESS_DENIED,
                "User: anonymous is not authorized to perform: execute-api:Invoke on resource: " + resource + explicit));
    }
}
