package io.tunnelwatch.job;

/**
 * An input record the job could not read: kept byte for byte with where it came from and why,
 * so that nothing disappears and it can be replayed once the cause is fixed.
 */
public record DeadLetter(String topic, int partition, long offset, byte[] key, byte[] value, String reason) {}
