package io.tollgate.core.integration;

import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;

import java.util.Objects;

/**
 * {@code HTTP_PROXY}, {@code HTTP} and {@code MOCK} integrations, over the gateway's HTTP client. The caps on uploads
 * streaming to one backend and on WebSocket sessions open to one are kept across builds with the same client, so a
 * rebuilt gateway shares them with requests and sessions still in flight.
 */
public final class HttpIntegrationFeature implements GatewayFeature {

    private final ForwardedHeaders forwardedHeaders;
    private final @Nullable UploadPolicy uploads;
    private final WebSocketProxySettings webSockets;
    private @Nullable HttpClient client;
    private @Nullable Contribution contribution;

    /** {@code X-Forwarded-*} headers and the default upload policy of the client's pool. */
    public HttpIntegrationFeature() {
        this(ForwardedHeaders.X_FORWARDED, null);
    }

    /**
     * @param forwardedHeaders how the client's address and scheme are told to backends
     * @param uploads          how request bodies reach HTTP proxy backends; null for {@link UploadPolicy#forPool} of
     *                         the client's pool
     */
    public HttpIntegrationFeature(ForwardedHeaders forwardedHeaders, @Nullable UploadPolicy uploads) {
        this(forwardedHeaders, uploads, WebSocketProxySettings.DEFAULTS);
    }

    /**
     * @param forwardedHeaders how the client's address and scheme are told to backends
     * @param uploads          how request bodies reach HTTP proxy backends; null for {@link UploadPolicy#forPool} of
     *                         the client's pool
     * @param webSockets       how WebSocket sessions through HTTP proxy routes are bounded
     */
    public HttpIntegrationFeature(ForwardedHeaders forwardedHeaders, @Nullable UploadPolicy uploads,
                                  WebSocketProxySettings webSockets) {
        this.forwardedHeaders = Objects.requireNonNull(forwardedHeaders, "forwardedHeaders");
        this.uploads = uploads;
        this.webSockets = Objects.requireNonNull(webSockets, "webSockets");
    }

    /** How WebSocket sessions through HTTP proxy routes are bounded. */
    public WebSocketProxySettings webSockets() {
        return webSockets;
    }

    @Override
    public synchronized Contribution contribute(GatewayResources resources) {
        if (contribution == null || client != resources.httpClient()) {
            client = resources.httpClient();
            contribution = Contribution.integrations(new StandardIntegrations(client, forwardedHeaders,
                    uploads != null ? uploads : StandardIntegrations.defaultUploads(client), webSockets));
        }
        return contribution;
    }
}
