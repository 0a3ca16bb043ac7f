package io.tollgate.autoconfigure;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * IAM-style authorization ({@code AWS_IAM} routes, AWS Signature Version 4).
 *
 * @param credentials the callers: access key id, secret key, principal ARN and the execute-api ARNs they may
 *                    invoke (* and ? wildcards; any route when empty). A SigV4CredentialsProvider bean replaces them
 *                    (for keys kept elsewhere)
 */
public record IamProperties(List<IamProperties.IamCredentialProperties> credentials) {

    public IamProperties {
        credentials = credentials == null ? List.of() : credentials;
    }

    /**
     * One IAM caller.
     *
     * @param accessKeyId      the access key id ({@code AKIA...})
     * @param secretKey        the secret access key (keep it out of source control: an environment variable)
     * @param principalArn     who the caller is ({@code arn:aws:iam::123456789012:user/alice},
     *                         {@code $context.identity.userArn})
     * @param allowedResources the {@code execute-api} ARNs the caller may invoke (any when empty), such as
     *                         {@code arn:aws:execute-api:*:*:petstore/prod/GET/pets/*}
     */
    public record IamCredentialProperties(@Nullable String accessKeyId, @Nullable String secretKey,
                                          @Nullable String principalArn,
                                          List<String> allowedResources) {

        public IamCredentialProperties {
            allowedResources = allowedResources == null ? List.of() : allowedResources;
        }

        @Override
        public String toString() {
            return "IamCredentialProperties[accessKeyId=" + accessKeyId + ", principalArn=" + principalArn + "]";
        }
    }
}
