package io.vaxline.records.documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Objects in an S3-compatible bucket through the AWS SDK v2 (the JDK's HTTP client, as the notifier's SNS channel
 * uses). An endpoint other than AWS's (MinIO, Ceph, a local S3 server) is addressed path-style. A bucket that cannot
 * be reached, or answers 5xx or 429, is an outage ({@link UncheckedIOException}); a missing object is null.
 */
public class S3Storage implements ObjectStorage, AutoCloseable {

    private final S3Client client;
    private final String bucket;

    public S3Storage(String bucket, String region, Optional<URI> endpoint, Optional<String> accessKey, Optional<String> secretKey) {
        AwsCredentialsProvider credentials = accessKey.isPresent() && secretKey.isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey.get(), secretKey.get()))
                : DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create());
        endpoint.ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
        this.client = builder.build();
        this.bucket = bucket;
    }

    @Override
    public void put(String name, byte[] content) {
        try {
            client.putObject(PutObjectRequest.builder().bucket(bucket).key(name).contentType("application/octet-stream").build(),
                    RequestBody.fromBytes(content));
        } catch (SdkClientException e) {
            throw unavailable(name, e);
        } catch (S3Exception e) {
            throw e.statusCode() >= 500 || e.statusCode() == 429 ? unavailable(name, e) : e;
        }
    }

    @Override
    public byte[] get(String name) {
        try {
            return client.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(name).build()).asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (SdkClientException e) {
            throw unavailable(name, e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e.statusCode() >= 500 || e.statusCode() == 429 ? unavailable(name, e) : e;
        }
    }

    private UncheckedIOException unavailable(String name, RuntimeException e) {
        return new UncheckedIOException(new IOException("S3 bucket " + bucket + " unavailable for " + name + ": " + e.getMessage(), e));
    }

    @Override
    public void close() {
        client.close();
    }
}
