package io.tollgate.autoconfigure;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.usage.redis.RedisConnector;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConverters;

import java.util.List;

/**
 * The usage store's Redis connection through the application's Spring Data Redis {@link LettuceConnectionFactory}:
 * its Lettuce client (so its event loops, client options, TLS and reconnection settings, and its Lettuce observation
 * if any), to the Redis its configuration names (host, port or socket, database, credentials, client name, TLS;
 * standalone or Sentinel). The stores open their own connection on that client, with their own codec: Spring Data's
 * shared connection speaks {@code byte[]} keys, and a connection is cheap once the client exists.
 */
final class DataRedisConnections {

    private DataRedisConnections() {
    }

    /** A connector over {@code factory}'s client, which exists once the factory has started (it is asked on connect). */
    static RedisConnector connector(LettuceConnectionFactory factory) {
        RedisURI uri = uri(factory);
        return new RedisConnector(() -> client(factory), uri);
    }

    private static RedisClient client(LettuceConnectionFactory factory) {
        AbstractRedisClient client = factory.getRequiredNativeClient();
        if (client instanceof RedisClient redis) {
            return redis;
        }
        throw new IllegalStateException("the application's Redis client is a " + client.getClass().getSimpleName()
                + ", not a standalone or Sentinel RedisClient");
    }

    /** Where {@code factory} connects, as a Lettuce URI. */
    static RedisURI uri(LettuceConnectionFactory factory) {
        if (factory.isClusterAware()) {
            throw new InvalidDefinitionException("tollgate.usage", List.of(new Problem("tollgate.usage.store",
                    "redis: the application's Spring Data Redis connection is a Redis Cluster, which the usage store"
                            + " does not support; set tollgate.usage.redis-url to a standalone Redis")));
        }
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
