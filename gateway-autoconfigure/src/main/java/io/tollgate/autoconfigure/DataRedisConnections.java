package io.tollgate.autoconfigure;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.tollgate.core.redis.RedisConnector;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConverters;


/**
 * The usage store's Redis connection through the application's Spring Data Redis {@link LettuceConnectionFactory}:
 * its Lettuce client (so its event loops, client options, TLS and reconnection settings, and its Lettuce observation
 * if any), to the Redis its configuration names (host, port or socket, database, credentials, client name, TLS;
 * standalone, Sentinel or Cluster). The stores open their own connection on that client, with their own codec: Spring
 * Data's shared connection speaks {@code byte[]} keys, and a connection is cheap once the client exists.
 */
final class DataRedisConnections {

    private DataRedisConnections() {
    }

    /** A connector over {@code factory}'s client, which exists once the factory has started (it is asked on connect). */
    static RedisConnector connector(LettuceConnectionFactory factory) {
        if (factory.isClusterAware()) {
            // the cluster client knows its seed nodes (spring.data.redis.cluster.nodes) and its topology refresh
            return RedisConnector.cluster(() -> clusterClient(factory));
        }
        RedisURI uri = uri(factory);
        return new RedisConnector(() -> client(factory), uri);
    }

    private static RedisClusterClient clusterClient(LettuceConnectionFactory factory) {
        AbstractRedisClient client = factory.getRequiredNativeClient();
        if (client instanceof RedisClusterClient cluster) {
            return cluster;
        }
        throw new IllegalStateException("the application's Redis Cluster client is a "
                + client.getClass().getSimpleName() + ", not a RedisClusterClient");
    }

    private static RedisClient client(LettuceConnectionFactory factory) {
        AbstractRedisClient client = factory.getRequiredNativeClient();
        if (client instanceof RedisClient redis) {
            return redis;
        }
        throw new IllegalStateException("the application's Redis client is a " + client.getClass().getSimpleName()
                + ", not a standalone or Sentinel RedisClient");
    }

    /** Where {@code factory} connects (standalone, socket or Sentinel), as a Lettuce URI. */
    static RedisURI uri(LettuceConnectionFactory factory) {
        RedisURI.Builder builder;
        RedisConfiguration configuration;
        // the factory has a Sentinel configuration exactly when it is Sentinel-aware
        RedisSentinelConfiguration sentinelConfiguration = factory.getSentinelConfiguration();
        if (sentinelConfiguration != null) {
            configuration = sentinelConfiguration;
            // Spring Data's own conversion: master name, sentinels, their password, database, credentials
            RedisURI sentinel = LettuceConverters.sentinelConfigurationToRedisURI(sentinelConfiguration);
            builder = RedisURI.builder(sentinel);
        } else if (factory.getSocketConfiguration() != null) {
            RedisSocketConfiguration socket = factory.getSocketConfiguration();
            configuration = socket;
            builder = RedisURI.Builder.socket(socket.getSocket()).withDatabase(socket.getDatabase());
            credentials(builder, socket.getUsername(), socket.getPassword());
        } else {
            configuration = factory.getStandaloneConfiguration();
            builder = RedisURI.builder().withHost(factory.getStandaloneConfiguration().getHostName())
                    .withPort(factory.getStandaloneConfiguration().getPort())
                    .withDatabase(factory.getStandaloneConfiguration().getDatabase());
            credentials(builder, factory.getStandaloneConfiguration().getUsername(),
                    factory.getStandaloneConfiguration().getPassword());
        }
        LettuceClientConfiguration client = factory.getClientConfiguration();
        if (client.isUseSsl() && !(configuration instanceof RedisSocketConfiguration)) {
            builder.withSsl(true).withVerifyPeer(client.getVerifyMode()).withStartTls(client.isStartTls());
        }
        client.getClientName().ifPresent(builder::withClientName);
        builder.withTimeout(client.getCommandTimeout());
        return builder.build();
    }

    private static void credentials(RedisURI.Builder builder, @Nullable String username, RedisPassword password) {
        password.toOptional().ifPresent(secret -> {
            if (username != null && !username.isEmpty()) {
                builder.withAuthentication(username, secret);
            } else {
                builder.withPassword(secret);
            }
        });
    }
}
