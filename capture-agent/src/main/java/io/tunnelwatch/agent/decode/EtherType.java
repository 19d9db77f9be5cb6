package io.tunnelwatch.agent.decode;

/** EtherType values the decoder acts on. */
final class EtherType {
    static final int IPV4 = 0x0800;
    static final int IPV6 = 0x86DD;
    /** 802.1Q customer tag. */
    static final int VLAN = 0x8100;
    /** 802.1ad service tag (QinQ outer tag). */
    static final int SERVICE_VLAN = 0x88A8;
    /** Pre-standard QinQ outer tag still sent by some switches. */
    static final int LEGACY_QINQ = 0x9100;

    private EtherType() {
    }

    static boolean isVlanTag(int etherType) {
        return etherType == VLAN || etherType == SERVICE_VLAN || etherType == LEGACY_QINQ;
    }
}
