package io.tollgate.core.openapi;

import io.tollgate.core.api.ApiType;
import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.Objects;

/**
 * How a document is imported.
 *
 * @param basePath  what becomes of the document's base path ({@link BasePathMode#IGNORE} by default, as AWS)
 * @param type      the API's type; when null, read from the document: {@code HTTP} when it carries an HTTP API's
 *                  extensions ({@code x-amazon-apigateway-importexport-version}, {@code x-amazon-apigateway-cors}, an
 *                  integration's {@code payloadFormatVersion}, a {@code $default} route), {@code REST} otherwise
 * @param region    what {@code ${AWS::Region}} stands for (and a Cognito pool's issuer region when its ARN has none)
 * @param accountId what {@code ${AWS::AccountId}} stands for
 * @param partition what {@code ${AWS::Partition}} stands for
 * @param functions the function bean for a Lambda function, by its ARN, its {@code name:alias} or its name; a
 *                  function named nowhere here is served by the bean of its name
 * @param backends  replacements of integration URIs' beginnings: {@code http://petstore.execute-api.com} to
 *                  {@code http://localhost:8081}, the longest matching beginning first
 * @param resolver  asked first which bean serves a Lambda function (null: the defaults alone)
 */
public record ImportOptions(BasePathMode basePath, @Nullable ApiType type, String region, String accountId,
                            String partition, Map<String, String> functions, Map<String, String> backends,
                            @Nullable LambdaFunctionResolver resolver) {

    /** AWS's defaults: base path ignored, type read from the document, {@code us-east-1}, a placeholder account. */
    public static final ImportOptions DEFAULTS = new ImportOptions(BasePathMode.IGNORE, null, "us-east-1",
            "123456789012", "aws", Map.of(), Map.of(), null);

    public ImportOptions {
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(partition, "partition");
        functions = Map.copyOf(functions);
        backends = Map.copyOf(backends);
    }

    /** These options with base path mode {@code mode}. */
    public ImportOptions withBasePath(BasePathMode mode) {
        return new ImportOptions(mode, type, region, accountId, partition, functions, backends, resolver);
    }

    /** These options with the API's type fixed to {@code apiType}. */
    public ImportOptions withType(@Nullable ApiType apiType) {
        return new ImportOptions(basePath, apiType, region, accountId, partition, functions, backends, resolver);
    }

    /** These options with {@code map} as the functions of Lambda ARNs. */
    public ImportOptions withFunctions(Map<String, String> map) {
        return new ImportOptions(basePath, type, region, accountId, partition, map, backends, resolver);
    }

    /** These options with {@code map} as the replacements of integration URIs' beginnings. */
    public ImportOptions withBackends(Map<String, String> map) {
        return new ImportOptions(basePath, type, region, accountId, partition, functions, map, resolver);
    }

    /** These options with {@code lambdaResolver} asked first which bean serves a Lambda function. */
    public ImportOptions withResolver(@Nullable LambdaFunctionResolver lambdaResolver) {
        return new ImportOptions(basePath, type, region, accountId, partition, functions, backends, lambdaResolver);
    }

    /** These options with the AWS variables' values. */
    public ImportOptions withAws(String awsRegion, String awsAccountId, String awsPartition) {
        return new ImportOptions(basePath, type, awsRegion, awsAccountId, awsPartition, functions, backends, resolver);
    }
}
