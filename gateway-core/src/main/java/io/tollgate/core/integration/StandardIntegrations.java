package io.tollgate.core.integration;

import io.tollgate.core.api.Route;
import io.tollgate.core.api.integration.HttpIntegration;
import io.tollgate.core.api.integration.HttpProxyIntegration;
import io.tollgate.core.api.integration.Integration;
import io.tollgate.core.api.integration.MockIntegration;
import io.tollgate.core.nonproxy.NonProxyHandler;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.IntegrationFactory;
import io.tollgate.core.pipeline.RouteContext;
import reactor.netty.http.client.HttpClient;

import java.util.Optional;

/** The integrations every gateway has: {@code HTTP_PROXY} over a shared, pooled Reactor Netty client, and {@code MOCK}. */
public final class StandardIntegrations implements IntegrationFactory {

    private final HttpClient client;
    private final ForwardedHeaders forwarded;
    private final UploadPolicy uploads;
    private final BackendSlots streaming;
    private final WebSocketProxy webSockets;

    /** With the default {@link UploadPolicy} for the client's connection pool. */
    public StandardIntegrations(HttpClient client, ForwardedHeaders forwarded) {
        this(client, forwarded, defaultUploads(client));
    }

    public StandardIntegrations(HttpClient client, ForwardedHeaders forwarded, UploadPolicy uploads) {
        this(client, forwarded, uploads, WebSocketProxySettings.DEFAULTS);
    }

    public StandardIntegrations(HttpClient client, ForwardedHeaders forwarded, UploadPolicy uploads,
                                WebSocketProxySettings webSockets) {
        this.client = client;
        this.forwarded = forwarded;
        this.uploads = uploads;
        // shared by all routes: the caps are per backend address, whichever route calls it
        this.streaming = new BackendSlots(uploads.maxStreamingPerBackend());
        this.webSockets = new WebSocketProxy(client, webSockets);
    }

    /** {@link UploadPolicy#forPool} for the client's pool size per address (500, Reactor Netty's, if unknown). */
    public static UploadPolicy defaultUploads(HttpClient client) {
        int max = client.configuration().connectionProvider() == null ? -1
                : client.configuration().connectionProvider().maxConnections();
        return UploadPolicy.forPool(max > 0 ? max : 500);
    }

    @Override
    public Optional<ExchangeHandler> create(RouteContext context, Integration integration) {
        Route route = context.route().orElseThrow();
        if (integration instanceof HttpProxyIntegration proxy) {
            TargetUri target = TargetUri.compile(proxy.uri(), route.key(), context.stage().variables());
            return Optional.of(new HttpProxyIntegrationHandler(client, proxy, target, route.maxRequestBodySize(),
                    context.stage().variables(), forwarded, uploads, streaming, webSockets));
        }
        String name = "route '" + route.key() + "' of api '" + context.api().name() + "'";
        if (integration instanceof HttpIntegration http) {
            return Optional.of(new NonProxyHandler(http.mapping(), name, route.maxRequestBodySize(),
                    new HttpNonProxyBackend(client, http, context.stage().variables())));
        }
        if (integration instanceof MockIntegration mock) {
            if (mock.mapping().isEmpty()) {
                return Optional.of(new MockIntegrationHandler(mock));
            }
            return Optional.of(new NonProxyHandler(mock.mapping(), name, route.maxRequestBodySize(), new MockBackend()));
        }
        return Optional.empty();
    }
}
