package io.tunnelwatch.correlation;

/** Which way ESP was seen, for ESP_ONE_WAY evidence. */
public enum EspDirection {
    CLIENT_TO_GATEWAY,
    GATEWAY_TO_CLIENT
}
