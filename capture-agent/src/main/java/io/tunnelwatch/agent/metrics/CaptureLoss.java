package io.tunnelwatch.agent.metrics;

/**
 * libpcap's cumulative counters for one interface ({@code pcap_stats}).
 *
 * @param received       packets the filter accepted (ps_recv)
 * @param kernelDrops    packets dropped because the capture buffer was full (ps_drop)
 * @param interfaceDrops packets the interface or its driver dropped (ps_ifdrop)
 */
public record CaptureLoss(String iface, long received, long kernelDrops, long interfaceDrops) {}
