package io.tollgate.samples.chat;

import io.tollgate.core.function.BlockingGatewayFunction;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code chat.send-through=connections-api}: {@code sendmessage} as AWS's sample writes it, posting the message to each
 * connection through the stage's {@code @connections} API with the AWS SDK's own {@code ApiGatewayManagementApiClient}
 * (pointed at this instance; a connection of another instance is reached from there through Redis), and deleting the
 * connections that are gone (410). Blocking, as the SDK's synchronous client is: a {@link BlockingGatewayFunction}
 * runs on the gateway's function threads, never on an event loop.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "chat", name = "send-through", havingValue = "connections-api")
class ConnectionsApiSender {

    @Bean(destroyMethod = "close")
    ApiGatewayManagementApiClient connectionsApi(@Value("${chat.connections-api.endpoint}") String endpoint,
                                                 @Value("${chat.connections-api.access-key-id}") String accessKey,
                                                 @Value("${chat.connections-api.secret-key}") String secret) {
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Bean
    BlockingGatewayFunction sendMessage(ReactiveStringRedisTemplate redis, ApiGatewayManagementApiClient connectionsApi,
                                        @Value("${chat.connections-key}") String key) {
        return (event, context) -> {
            byte[] data = ChatFunctions.data(event);
            if (data == null) {
                return Map.of("statusCode", 400, "body", "a message is {\"action\":\"sendmessage\",\"data\":\"...\"}");
            }
            List<String> members = redis.opsForSet().members(key).collectList().block(Duration.ofSeconds(5));
            for (String id : members == null ? List.<String>of() : members) {
                try {
                    connectionsApi.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromByteArray(data)));
                } catch (GoneException e) {
                    redis.opsForSet().remove(key, id).block(Duration.ofSeconds(5)); // ended unseen
                }
            }
            return Map.of("statusCode", 200);
        };
    }
}
