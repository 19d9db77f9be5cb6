package io.tunnelwatch.agent.config;

import java.util.List;

/** The flags only {@code agent capture} has, as typed (null or empty when not given). */
public record CaptureFlags(List<String> interfaces, String gateways, String filter, String snaplen,
                           String bufferSize, String promiscuous) {}
