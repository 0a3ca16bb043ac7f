package io.tollgate.core.auth.sigv4;

import java.time.Duration;

/**
 * AWS's refusal messages, word for word where a source shows them. Each says where its wording comes from:
 * <ul>
 *   <li><b>API Gateway</b>: seen in Amazon API Gateway's own answers or documentation;</li>
 *   <li><b>AWS (coral)</b>: seen from other AWS services that share API Gateway's SigV4 front end (DynamoDB, STS,
 *       Kinesis: captured replies quoted by the dynalite/kinesalite emulators and the scratchstack-aws-signature
 *       verifier), so UNCONFIRMED for API Gateway itself;</li>
 *   <li><b>S3</b>: S3's wording, used where no non-S3 wording was found: UNCONFIRMED for API Gateway;</li>
 *   <li><b>UNCONFIRMED</b>: no source found; the wording follows the nearest confirmed message.</li>
 * </ul>
 * Messages that AWS builds from several checks end in a space after each sentence, as AWS's do.
 */
final class SigV4Messages {

    /** API Gateway (IAM "Troubleshoot signed requests" page; API Gateway's gateway-response docs). */
    static final String MISSING_AUTHENTICATION_TOKEN = "Missing Authentication Token";

    /** API Gateway (AWS Knowledge Center, "SigV4 signed request to API Gateway failed with a 403"). */
    static final String INVALID_SECURITY_TOKEN = "The security token included in the request is invalid.";

    /**
     * API Gateway for the first two sentences (Knowledge Center article above); the third from AWS (coral). AWS goes on
     * with the canonical request and string-to-sign it computed; this verifier deliberately does not: they would tell an
     * attacker what to forge.
     */
    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    /** AWS (coral): DynamoDB's reply, captured by dynalite. */
    static final String BOTH_HEADER_AND_QUERY =
            "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.";

    /** AWS (coral): DynamoDB's reply, captured by dynalite. */
    static final String HOST_NOT_SIGNED = "'Host' must be a 'SignedHeader' in the AWS Authorization.";

    /** S3 ({@code XAmzContentSHA256Mismatch}): UNCONFIRMED for API Gateway. */
    static final String CONTENT_SHA256_MISMATCH =
            "The provided 'x-amz-content-sha256' header does not match what was computed.";

    /** S3 ({@code AuthorizationQueryParametersError}): UNCONFIRMED for API Gateway. */
    static final String EXPIRES_NOT_A_NUMBER = "X-Amz-Expires should be a number";

    /** S3: UNCONFIRMED for API Gateway (which also refuses 0 here, as a presigned URL is valid for at least 1 second). */
    static final String EXPIRES_NOT_POSITIVE = "X-Amz-Expires must be non-negative";

    /** S3: UNCONFIRMED for API Gateway. */
    static final String EXPIRES_TOO_LONG = "X-Amz-Expires must be less than a week (in seconds) that is 604800";

    private SigV4Messages() {
    }

    /** API Gateway (aws/chalice#828: a 403 from API Gateway), one sentence per missing parameter. */
    static String headerRequires(String parameter) {
        return "Authorization header requires '" + parameter + "' parameter. ";
    }

    /** API Gateway (aws/chalice#828). */
    static String headerRequiresDate() {
        return "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
    }

    /** API Gateway (aws/chalice#828): the refused header is quoted back at the end. */
    static String quotingAuthorization(String missing, String authorization) {
        return missing + "Authorization=" + authorization;
    }

    /** API Gateway (Selling Partner API, served by API Gateway); also STS, DynamoDB, CloudFormation. */
    static String notKeyValuePair(String token, String authorization) {
        return "'" + token + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                + authorization + "'.";
    }

    /** AWS (coral): DynamoDB and Kinesis replies, captured by dynalite/kinesalite; one sentence per missing parameter. */
    static String queryRequires(String parameter) {
        return "AWS query-string parameters must include '" + parameter + "'. ";
    }

    /** AWS (coral): closes {@link #queryRequires}. */
    static final String REEXAMINE_QUERY = "Re-examine the query-string parameters.";

    /** AWS (coral): DynamoDB's reply, captured by dynalite. */
    static String unsupportedAlgorithm(String algorithm) {
        return "Unsupported AWS 'algorithm': '" + algorithm + "' (only AWS4-HMAC-SHA256 for now). ";
    }

    /** AWS (coral): DynamoDB's reply, captured by dynalite; also scratchstack. */
    static String badDate(String value) {
        return "Date must be in ISO-8601 'basic format'. Got '" + value + "'. See http://en.wikipedia.org/wiki/ISO_8601";
    }

    /** AWS (coral): DynamoDB's reply, captured by dynalite; also scratchstack. */
    static String credentialElements(String credential) {
        return "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"
                + credential + "'";
    }

    /** API Gateway (aws/aws-sdk-js#3571, aws/aws-sdk-js-v3#1831: "...: 'execute-api'. "). */
    static String wrongService(String service) {
        return "Credential should be scoped to correct service: '" + service + "'. ";
    }

    /** AWS (coral): DynamoDB's reply, captured by dynalite. */
    static String wrongTerminator(String terminator) {
        return "Credential should be scoped with a valid terminator: 'aws4_request', not '" + terminator + "'. ";
    }

    /** Opening words: IAM troubleshooting page; the rest AWS (coral), DynamoDB's reply captured by dynalite. */
    static String scopeDateMismatch(String scopeDate, String requestDate, String requestDateTime) {
        return "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" + scopeDate
                + "' != '" + requestDate + "', from '" + requestDateTime + "'. ";
    }

    /**
     * API Gateway: replies quoted in reports of API Gateway's {@code InvalidSignatureException}, e.g. "Signature expired:
     * 20170517T062414Z is now earlier than 20170517T062840Z (20170517T063340Z - 5 min.)".
     */
    static String expired(String signedAt, String earliest, String now, Duration skew) {
        return "Signature expired: " + signedAt + " is now earlier than " + earliest + " (" + now + " - "
                + duration(skew) + ")";
    }

    /** Opening words: IAM troubleshooting page; the parenthesis mirrors {@link #expired} (scratchstack shows it so). */
    static String notYetCurrent(String signedAt, String latest, String now, Duration skew) {
        return "Signature not yet current: " + signedAt + " is still later than " + latest + " (" + now + " + "
                + duration(skew) + ")";
    }

    /**
     * UNCONFIRMED: a presigned request used after {@code X-Amz-Date + X-Amz-Expires}. No API Gateway wording was found
     * (S3 says "Request has expired", an S3-only wording); this follows API Gateway's {@link #expired} form with the
     * request's own lifetime in place of the clock skew.
     */
    static String presignedExpired(String signedAt, String earliest, String now, Duration expires) {
        return expired(signedAt, earliest, now, expires);
    }

    /** "5 min." as AWS writes it; a duration that is not whole minutes in seconds ("90 sec."). */
    static String duration(Duration duration) {
        long seconds = duration.getSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min." : seconds + " sec.";
    }
}
