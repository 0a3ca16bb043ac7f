package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.function.BlockingFunctions;
import io.tollgate.core.integration.HttpIntegrationFeature;
import io.tollgate.core.integration.ProxyClientSettings;
import io.tollgate.core.integration.UploadPolicy;
import io.tollgate.core.integration.WebSocketProxySettings;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.IntegrationFactory;
import io.tollgate.core.pipeline.NamedStepFactory;
import io.tollgate.core.pipeline.StepFactory;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.GatewayBuilder;
import io.tollgate.core.server.LiveGateway;
import io.tollgate.core.server.deploy.Deployments;
import io.tollgate.core.server.netty.GatewayEntry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * The gateway itself: the APIs of {@code tollgate.apis.*} and of {@link Api} beans, compiled into a {@link Gateway},
 * and the connection pool of its HTTP integrations. {@code tollgate.enabled=false} turns it all off.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TollgateProperties.class)
public final class TollgateAutoConfiguration {

    /** The connection pool of HTTP integrations. */
    @Bean(destroyMethod = "dispose")
    @ConditionalOnMissingBean(name = "tollgateConnectionProvider")
    ConnectionProvider tollgateConnectionProvider(TollgateProperties properties) {
        return settings(properties).createConnectionProvider("tollgate");
    }

    /** The worker pool that runs blocking functions and authorizers off the event loop (threads made on demand). */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    BlockingFunctions tollgateBlockingFunctions(TollgateProperties properties) {
        return new BlockingFunctions(properties.functions().threads(), properties.functions().queue());
    }

    /** The APIs: those of {@code tollgate.apis.*}, then the {@link Api} beans. */
    @Bean
    @ConditionalOnMissingBean
    TollgateApis tollgateApis(TollgateProperties properties, ObjectProvider<Api> apiBeans,
                              ObjectProvider<TollgateApiCustomizer> customizers) {
        List<Api> apis = new ArrayList<>(ApiPropertiesMapper.map(properties, customizers.orderedStream().toList()));
        apiBeans.orderedStream().forEach(apis::add);
        return new TollgateApis(apis);
    }

    /**
     * {@code HTTP_PROXY}, {@code HTTP} and {@code MOCK} integrations, with the forwarded headers, the upload policy and
     * the bounds of WebSocket sessions.
     */
    @Bean
    @ConditionalOnMissingBean
    HttpIntegrationFeature tollgateHttpIntegrations(TollgateProperties properties) {
        return new HttpIntegrationFeature(properties.forwardedHeaders(), uploadPolicy(properties.httpClient()),
                webSockets(properties.websocket().passThrough()));
    }

    /**
     * How the gateway is built: the {@link GatewayFeature} beans (each auto-configuration's, or the application's that
     * replace them), the application's own {@link StepFactory}, {@link NamedStepFactory} and
     * {@link IntegrationFactory} beans, then the {@link GatewayBuilderCustomizer}s.
     */
    @Bean
    @ConditionalOnMissingBean
    GatewayRecipe tollgateGatewayRecipe(TollgateProperties properties, ConnectionProvider tollgateConnectionProvider,
                                        ObjectProvider<GatewayFeature> features, ObjectProvider<StepFactory> steps,
                                        ObjectProvider<NamedStepFactory> namedSteps,
                                        ObjectProvider<IntegrationFactory> integrations,
                                        ObjectProvider<GatewayBuilderCustomizer> customizers) {
        HttpClient client = settings(properties).createClient(tollgateConnectionProvider);
        return new GatewayRecipe(() -> {
            GatewayBuilder builder = GatewayBuilder.empty().httpClient(client);
            features.orderedStream().forEach(builder::feature);
            steps.orderedStream().forEach(builder::stepFactory);
            namedSteps.orderedStream().forEach(builder::namedStep);
            integrations.orderedStream().forEach(builder::integrationFactory);
            customizers.orderedStream().forEach(c -> c.customize(builder));
            return builder;
        });
    }

    /**
     * The gateway at startup: with deployments, the one they serve first; without, the APIs compiled once.
     */
    @Bean
    @ConditionalOnMissingBean
    Gateway tollgateGateway(TollgateApis apis, GatewayRecipe recipe, ObjectProvider<Deployments> deployments) {
        Deployments served = deployments.getIfAvailable();
        return served != null ? served.live().current() : recipe.build(apis.apis());
    }

    /**
     * The gateway the server serves now, read once per request by every door: the deployments' when they are on, else
     * {@link #tollgateGateway}. Swapping a newly built gateway in leaves the requests in flight to the old one.
     */
    @Bean
    @ConditionalOnMissingBean
    LiveGateway tollgateLiveGateway(Gateway gateway, ObjectProvider<Deployments> deployments) {
        Deployments served = deployments.getIfAvailable();
        return served != null && served.live().current() == gateway ? served.live() : new LiveGateway(gateway);
    }

    /** The one entry of the Reactor Netty and WebFlux doors: each request resolved once, one reply writer. */
    @Bean
    @ConditionalOnMissingBean
    GatewayEntry tollgateGatewayEntry(LiveGateway gateway) {
        return new GatewayEntry(gateway);
    }

    private static UploadPolicy uploadPolicy(TollgateProperties.HttpClientProperties client) {
        List<Problem> problems = new ArrayList<>();
        if (client.requestBufferSize() == null || client.requestBufferSize().toBytes() < 0) {
            problems.add(new Problem("tollgate.http-client.request-buffer-size", "must not be negative"));
        }
        if (client.maxStreamingUploads() != null && client.maxStreamingUploads() < 1) {
            problems.add(new Problem("tollgate.http-client.max-streaming-uploads", "must be at least 1, was "
                    + client.maxStreamingUploads()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("tollgate.http-client", problems);
        }
        UploadPolicy defaults = UploadPolicy.forPool(client.maxConnections());
        return new UploadPolicy(client.requestBufferSize().toBytes(), client.maxStreamingUploads() == null
                ? defaults.maxStreamingPerBackend() : client.maxStreamingUploads());
    }

    private static WebSocketProxySettings webSockets(TollgateProperties.PassThroughProperties passThrough) {
        String prefix = "tollgate.websocket.pass-through.";
        List<Problem> problems = new ArrayList<>();
        if (passThrough.idleTimeout().isNegative()) {
            problems.add(new Problem(prefix + "idle-timeout", "must not be negative"));
        }
        if (passThrough.maxDuration().isNegative()) {
            problems.add(new Problem(prefix + "max-duration", "must not be negative"));
        }
        long frame = passThrough.maxFrameSize().toBytes();
        if (frame < 125 || frame > Integer.MAX_VALUE) {
            problems.add(new Problem(prefix + "max-frame-size", "must be from 125 bytes (a control frame's payload) to"
                    + " 2GB, was " + frame + " bytes"));
        }
        Integer sessions = passThrough.maxSessionsPerBackend();
        if (sessions != null && sessions < 1) {
            problems.add(new Problem(prefix + "max-sessions-per-backend", "must be at least 1, was " + sessions));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("tollgate.websocket.pass-through", problems);
        }
        return new WebSocketProxySettings(passThrough.idleTimeout(), passThrough.maxDuration(), (int) frame,
                sessions == null ? Integer.MAX_VALUE : sessions);
    }

    private static ProxyClientSettings settings(TollgateProperties properties) {
        TollgateProperties.HttpClientProperties client = properties.httpClient();
        return new ProxyClientSettings(client.maxConnections(), client.pendingAcquireMaxCount(),
                client.pendingAcquireTimeout(), client.maxIdleTime(), client.maxLifeTime(), client.connectTimeout());
    }
}
