package io.tollgate.testsupport;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.GatewayResponseCustomization;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.response.AwsGatewayResponseRenderer;
import io.tollgate.core.response.GatewayError;
import io.tollgate.core.response.GatewayResponseRenderer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** What a client receives for a step's error reply: AWS's default gateway response, as the gateway renders it. */
public final class RenderedError {

    private RenderedError() {
    }

    /** The body of {@code reply}'s gateway response on an HTTP API without customisations; checks its status too. */
    public static String body(Reply reply) {
        assertThat(reply.status()).isEqualTo(Objects.requireNonNull(reply.error(), "an error reply").status());
        return body(reply.error());
    }

    /** The body of {@code error}'s gateway response on an HTTP API without customisations; checks its status too. */
    public static String body(GatewayError error) {
        GatewayResponseRenderer.Rendered rendered = new AwsGatewayResponseRenderer().render(error,
                new GatewayResponseRenderer.RenderContext() {
                    @Override
                    public ApiType apiType() {
                        return ApiType.HTTP;
                    }

                    @Override
                    public Map<GatewayResponseType, GatewayResponseCustomization> customizations() {
                        return Map.of();
                    }

                    @Override
                    public String contextValue(String name) {
                        return null;
                    }

                    @Override
                    public String stageVariable(String name) {
                        return null;
                    }

                    @Override
                    public String requestHeader(String name) {
                        return null;
                    }

                    @Override
                    public String queryParameter(String name) {
                        return null;
                    }

                    @Override
                    public String pathParameter(String name) {
                        return null;
                    }
                }, new DefaultHttpHeaders());
        assertThat(rendered.status()).isEqualTo(error.status());
        return new String(rendered.body(), StandardCharsets.UTF_8);
    }
}
