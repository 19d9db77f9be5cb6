package io.tunnelwatch.correlation;

/**
 * What was seen of a failed attempt, so an engineer can check the verdict against the capture.
 * Stage windows are null for stages not reached; counts are zero and codes 0 when not seen.
 *
 * @param ikeMessagesFromInitiator phase-1/phase-2 messages of the attempt's IKE SA from its initiator
 * @param retransmissions          client SYN and IKE message retransmissions (same message again)
 * @param notifyType               the cleartext error notify (IKE_NOTIFY_ERROR), else 0
 * @param tlsAlertDescription      the cleartext fatal alert (TLS_ALERT), else -1
 * @param espDirectionSeen         for ESP_ONE_WAY, the direction seen; else null
 */
public record AlertEvidence(
        StageWindow connectivity,
        StageWindow policyActivation,
        StageWindow networkVerification,
        int tcpConnections,
        int ikeVersion,
        long ikeInitiatorSpi,
        long ikeResponderSpi,
        int ikeMessagesFromInitiator,
        int ikeMessagesFromResponder,
        int retransmissions,
        int notifyType,
        int tlsAlertDescription,
        boolean tlsAlertFromClient,
        long espPacketsClientToGateway,
        long espPacketsGatewayToClient,
        EspDirection espDirectionSeen) {
}
