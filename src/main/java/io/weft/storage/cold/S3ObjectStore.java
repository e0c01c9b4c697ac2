package io.weft.storage.cold;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.weft.storage.StorageUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3 bucket through the AWS SDK v2's synchronous client, its calls on the cold tier's
 * worker pool. Any endpoint (AWS, MinIO, Ceph RGW, GCS's S3 API, s3proxy); path-style addressing by
 * default, since most of those want it; checksums only where the API requires them, which is what
 * stores other than AWS accept. Credentials: the given key pair, else the SDK's default chain
 * (environment, system properties, profile files, container and instance roles).
 */
public final class S3ObjectStore implements ObjectStore {
  private final S3Client s3;
  private final String bucket;
  private final String endpoint;
  private final WorkerExecutor workers;

  public S3ObjectStore(ColdSettings.S3 s, WorkerExecutor workers) {
    this.bucket = s.bucket();
    this.endpoint = s.endpoint();
    this.workers = workers;
    S3ClientBuilder b = S3Client.builder()
        .region(Region.of(s.region()))
        .forcePathStyle(s.pathStyle())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(credentials(s))
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .apiCallAttemptTimeout(Duration.ofSeconds(20))
            .apiCallTimeout(Duration.ofSeconds(60))
            .build());
    if (!s.endpoint().isEmpty()) {
      b.endpointOverride(URI.create(s.endpoint()));
    }
    this.s3 = b.build();
  }

  private static AwsCredentialsProvider credentials(ColdSettings.S3 s) {
    return s.accessKey().isEmpty() ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(), s.secretKey()));
  }

  @Override
  public Future<Void> put(String key, byte[] data) {
    return call("put " + key, () -> {
      s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromBytes(data));
      return null;
    });
  }

  @Override
  public Future<byte[]> get(String key) {
    return call("get " + key, () -> {
      try {
        return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArrayUnsafe();
      } catch (NoSuchKeyException e) {
        return null;
      }
    });
  }

  @Override
  public Future<byte[]> getRange(String key, long offset, int length) {
    return call("get " + key, () -> {
      byte[] b = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key)
          .range("bytes=" + offset + "-" + (offset + length - 1)).build()).asByteArrayUnsafe();
      if (b.length != length) {
        throw new IllegalStateException("ranged get of " + key + " answered " + b.length + " bytes, not " + length);
      }
      return b;
    });
  }

  @Override
  public Future<List<String>> list(String prefix) {
    return call("list " + prefix, () -> {
      List<String> keys = new ArrayList<>();
      for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
          .contents()) {
        keys.add(o.key());
      }
      keys.sort(null);
      return keys;
    });
  }

  @Override
  public Future<Void> delete(List<String> keys) {
    return call("delete", () -> {
      for (int from = 0; from < keys.size(); from += 1000) { // the API's batch limit
        List<ObjectIdentifier> ids = new ArrayList<>();
        for (String k : keys.subList(from, Math.min(keys.size(), from + 1000))) {
          ids.add(ObjectIdentifier.builder().key(k).build());
        }
        s3.deleteObjects(DeleteObjectsRequest.builder().bucket(bucket)
            .delete(Delete.builder().objects(ids).quiet(true).build()).build());
      }
      return null;
    });
  }

  @Override
  public String describe() {
    return "s3 bucket " + bucket + (endpoint.isEmpty() ? "" : " at " + endpoint);
  }

  @Override
  public Future<Void> close() {
    s3.close();
    return Future.succeededFuture();
  }

  private <T> Future<T> call(String what, Callable<T> work) {
    return workers.executeBlocking(work, false).recover(err -> Future.failedFuture(err instanceof SdkException
        ? new StorageUnavailableException(describe() + ": " + what + ": " + err.getMessage(), err) : err));
  }
}
