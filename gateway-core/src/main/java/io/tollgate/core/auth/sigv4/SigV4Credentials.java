package io.tollgate.core.auth.sigv4;

import java.util.List;
import java.util.Objects;

/**
 * A caller's credentials, as a {@link SigV4CredentialsProvider} finds them by access key id.
 *
 * <p>The secret never leaves this record through {@link #toString()}. {@code principalArn} names the caller (for example
 * {@code arn:aws:iam::000000000000:user/alice}); {@code allowedResources} are the execute-api resource ARNs (or patterns)
 * the caller may invoke. The verifier does not read them: checking them is the authorising stage's job.
 */
public record SigV4Credentials(String accessKeyId, String secretKey, String principalArn, List<String> allowedResources) {

    public SigV4Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(principalArn, "principalArn");
        allowedResources = allowedResources == null ? List.of() : List.copyOf(allowedResources);
    }

    /** Everything but the secret. */
    @Override
    public String toString() {
        return "SigV4Credentials[accessKeyId=" + accessKeyId + ", secretKey=****, principalArn=" + principalArn
                + ", allowedResources=" + allowedResources + "]";
    }
}
