package io.tollgate.autoconfigure;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.tollgate.core.function.BlockingFunctions;
import io.tollgate.core.function.FunctionContext;
import io.tollgate.core.function.GatewayFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Runs unmodified AWS Lambda handlers in-process: a {@code RequestHandler} receives the proxy event converted to its
 * input type ({@code APIGatewayProxyRequestEvent}, {@code APIGatewayV2HTTPEvent}, a {@code Map}, ...), a
 * {@code RequestStreamHandler} its JSON; both run on the blocking pool with a {@link Context} whose remaining time
 * follows the integration timeout and whose logger writes to SLF4J.
 */
final class AwsLambdaFunctionAdapter implements FunctionAdapter {

    private final BlockingFunctions blocking;
    private final EventConversion conversion;

    AwsLambdaFunctionAdapter(BlockingFunctions blocking, EventConversion conversion) {
        this.blocking = blocking;
        this.conversion = conversion;
    }

    @Override
    public Optional<GatewayFunction> adapt(String name, Object bean) {
        if (bean instanceof RequestStreamHandler handler) {
            return Optional.of(blocking.adapt((event, context) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(conversion.toJson(event)), out, lambdaContext(name, context));
                return out.toString(StandardCharsets.UTF_8);
            }));
        }
        if (bean instanceof RequestHandler<?, ?> handler) {
            Class<?> input = EventConversion.inputType(bean, RequestHandler.class);
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> typed = (RequestHandler<Object, Object>) handler;
            return Optional.of(blocking.adapt((event, context) -> {
                Object result = typed.handleRequest(conversion.toInput(event, input), lambdaContext(name, context));
                return conversion.toResult(result);
            }));
        }
        return Optional.empty();
    }

    private static Context lambdaContext(String name, FunctionContext context) {
        Logger logger = LoggerFactory.getLogger("io.tollgate.function." + name);
        LambdaLogger lambdaLogger = new LambdaLogger() {
            @Override
            public void log(String message) {
                logger.info(message);
            }

            @Override
            public void log(byte[] message) {
                logger.info(new String(message, StandardCharsets.UTF_8));
            }
        };
        return new Context() {
            @Override
            public String getAwsRequestId() {
                return context.requestId();
            }

            @Override
            public String getLogGroupName() {
                return "tollgate";
            }

            @Override
            public String getLogStreamName() {
                return name;
            }

            @Override
            public String getFunctionName() {
                return name;
            }

            @Override
            public String getFunctionVersion() {
                return "$LATEST";
            }

            @Override
            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:local:000000000000:function:" + name;
            }

            @Override
            public @Nullable CognitoIdentity getIdentity() {
                return null;
            }

            @Override
            public @Nullable ClientContext getClientContext() {
                return null;
            }

            @Override
            public int getRemainingTimeInMillis() {
                return (int) Math.min(Integer.MAX_VALUE, context.remainingTime().toMillis());
            }

            @Override
            public int getMemoryLimitInMB() {
                return (int) (Runtime.getRuntime().maxMemory() / (1024 * 1024));
            }

            @Override
            public LambdaLogger getLogger() {
                return lambdaLogger;
            }
        };
    }
}
