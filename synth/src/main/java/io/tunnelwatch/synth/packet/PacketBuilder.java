package io.tunnelwatch.synth.packet;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds whole Ethernet frames between two hosts: IPv4 or IPv6 by the hosts' addresses, with each sender's
 * IPv4 identification counting up per packet as real stacks do. One builder per capture keeps the counters.
 */
public final class PacketBuilder {
    private final Map<Host, Integer> nextIdentification = new HashMap<>();
    private final int firstIdentification;

    public PacketBuilder() {
        this(0x1000);
    }

    public PacketBuilder(int firstIdentification) {
        this.firstIdentification = firstIdentification;
    }

    public byte[] tcp(Host from, Host to, TcpSegment segment) {
        return ip(from, to, IpProtocol.TCP, segment.encode(from.address(), to.address()));
    }

    public byte[] udp(Host from, Host to, int sourcePort, int destinationPort, byte[] payload) {
        return ip(from, to, IpProtocol.UDP,
            UdpDatagram.build(from.address(), to.address(), sourcePort, destinationPort, payload));
    }

    /** ESP directly over IP (protocol 50): the payload is the ESP packet from its SPI on. */
    public byte[] esp(Host from, Host to, byte[] espPacket) {
        return ip(from, to, IpProtocol.ESP, espPacket);
    }

    public byte[] ip(Host from, Host to, int protocol, byte[] payload) {
        if (from.isIpv6() != to.isIpv6()) {
            throw new IllegalArgumentException("mixed address families: " + from + " -> " + to);
        }
        if (from.isIpv6()) {
            byte[] packet = Ipv6Packet.build(from.address(), to.address(), protocol, 0, from.ttl(), payload);
            return EthernetFrame.build(from.mac(), to.mac(), EthernetFrame.ETHERTYPE_IPV6, packet);
        }
        int identification = nextIdentification.merge(from, firstIdentification, (old, one) -> old + 1);
        // ESP and IKE are sent without DF by most IPsec stacks (they may be fragmented); TCP sets DF.
        boolean dontFragment = protocol == IpProtocol.TCP;
        byte[] packet = Ipv4Packet.build(from.address(), to.address(), protocol, identification, from.ttl(),
            dontFragment, payload);
        return EthernetFrame.build(from.mac(), to.mac(), EthernetFrame.ETHERTYPE_IPV4, packet);
    }
}
