package io.tunnelwatch.correlation;

/**
 * Stage 2: ISAKMP/IKE. Follows the attempt's IKE SA (by initiator SPI) through phase 1 and phase 2,
 * from what is visible in cleartext headers: exchange types, flags, responder SPI, cleartext notifies,
 * and whether a message is encrypted.
 */
final class PolicyActivation {

    private PolicyActivation() {
    }

    static void onMessage(Step step, PacketFact fact, boolean fromClient) {
        TunnelState state = step.state;
        long at = fact.tsMicros();
        state.touch(fact.lastTsMicros());
        Attempt attempt = state.attempt;
        if (attempt != null && attempt.initiatorSpi != 0 && attempt.initiatorSpi == fact.ikeInitiatorSpi()
                && attempt.ikeVersion == fact.ikeVersion()) {
            followSa(step, attempt, fact, fromClient);
            return;
        }
        if (!isPhase1Start(fact) || fact.ikeInitiatorSpi() == state.lastPhase1Spi) {
            // Another SA's traffic (DPD, delete, phase-2 rekey), or a retransmission of a negotiation
            // already judged or established: activity, never a new attempt.
            return;
        }
        if (attempt != null) {
            switch (attempt.phase) {
                case CONNECTIVITY, AWAITING_IKE -> {
                    if (fromClient) {
                        beginPhase1(step, attempt, fact, fromClient, false);
                    }
                    return;
                }
                case IKE_PHASE1 -> {
                    if (fromClient == attempt.initiatorIsClient) {
                        // The initiator started over with a new SPI: same attempt, same timer.
                        beginPhase1(step, attempt, fact, fromClient, true);
                    }
                    return;
                }
                default -> {
                    if (fromClient != attempt.initiatorIsClient) {
                        return;
                    }
                    // The initiator gave up on this negotiation and starts a new one: judge it now.
                    Lifecycle.timeOut(step, at);
                }
            }
        }
        if (state.isEstablished()) {
            Attempt rekey = Lifecycle.startAttempt(step, TunnelPhase.IKE_PHASE1, at, 0, 0, true);
            beginPhase1(step, rekey, fact, fromClient, false);
        } else if (fromClient) {
            Attempt fresh = Lifecycle.startAttempt(step, TunnelPhase.IKE_PHASE1, at, 0, 0, false);
            beginPhase1(step, fresh, fact, fromClient, false);
        }
    }

    /** IKEv1 first Main/Aggressive Mode message (zero responder cookie); IKEv2 IKE_SA_INIT request. */
    static boolean isPhase1Start(PacketFact fact) {
        if (fact.ikeVersion() == 2) {
            return fact.ikeExchangeType() == Ike.V2_IKE_SA_INIT && isRequest(fact)
                    && (fact.ikeFlags() & Ike.V2_FLAG_INITIATOR) != 0;
        }
        return (fact.ikeExchangeType() == Ike.V1_IDENTITY_PROTECTION || fact.ikeExchangeType() == Ike.V1_AGGRESSIVE)
                && fact.ikeResponderSpi() == 0;
    }

    private static boolean isRequest(PacketFact fact) {
        return (fact.ikeFlags() & Ike.V2_FLAG_RESPONSE) == 0;
    }

    private static void beginPhase1(Step step, Attempt attempt, PacketFact fact, boolean fromClient, boolean restart) {
        if (!restart) {
            attempt.enterPhase(TunnelPhase.IKE_PHASE1, fact.tsMicros());
            attempt.responderSpoke = false;
        }
        attempt.ikeVersion = fact.ikeVersion();
        attempt.phase1Exchange = fact.ikeExchangeType();
        attempt.initiatorSpi = fact.ikeInitiatorSpi();
        attempt.responderSpi = 0;
        attempt.initiatorIsClient = fromClient;
        attempt.initiatorMessages++;
        attempt.lastInitiatorMessage = signature(fact);
        // From phase 1 on, the tunnel's ports are those of IKE (500, or 4500 behind NAT).
        attempt.clientPort = fromClient ? fact.srcPort() : fact.dstPort();
        attempt.gatewayPort = fromClient ? fact.dstPort() : fact.srcPort();
        attempt.sawPolicy(fact.tsMicros());
        step.state.lastPhase1Spi = fact.ikeInitiatorSpi();
    }

    private static void followSa(Step step, Attempt attempt, PacketFact fact, boolean fromClient) {
        boolean fromInitiator = fromClient == attempt.initiatorIsClient;
        long signature = signature(fact);
        if (fromInitiator) {
            attempt.retransmissions += signature == attempt.lastInitiatorMessage ? 1 : 0;
            attempt.lastInitiatorMessage = signature;
            attempt.initiatorMessages++;
        } else {
            attempt.retransmissions += signature == attempt.lastResponderMessage ? 1 : 0;
            attempt.lastResponderMessage = signature;
            attempt.responderMessages++;
            if (fact.ikeResponderSpi() != 0) {
                attempt.responderSpi = fact.ikeResponderSpi();
            }
        }
        attempt.sawPolicy(fact.tsMicros());
        switch (attempt.phase) {
            case IKE_PHASE1 -> phase1(step, attempt, fact, fromInitiator);
            case AWAITING_PHASE2 -> awaitingPhase2(attempt, fact, fromClient, fromInitiator);
            case IKE_PHASE2 -> phase2(step, attempt, fact, fromClient, fromInitiator);
            case AWAITING_ESP -> {
                if (fact.ikeVersion() == 2 && fact.ikeExchangeType() == Ike.V2_IKE_AUTH && fromInitiator
                        && isRequest(fact)) {
                    // EAP: every further IKE_AUTH round reopens phase 2.
                    attempt.enterPhase(TunnelPhase.IKE_PHASE2, fact.tsMicros());
                }
            }
            default -> {
                // Earlier phases never have an SA to follow.
            }
        }
    }

    private static void phase1(Step step, Attempt attempt, PacketFact fact, boolean fromInitiator) {
        long at = fact.tsMicros();
        if (fromInitiator) {
            boolean aggressiveThird = attempt.phase1Exchange == Ike.V1_AGGRESSIVE
                    && fact.ikeExchangeType() == Ike.V1_AGGRESSIVE && fact.ikeResponderSpi() != 0
                    && attempt.responderSpoke;
            if (fact.ikeVersion() == 1 && aggressiveThird) {
                completePhase1(step, attempt, at);
            }
            return;
        }
        boolean retryHint = false;
        boolean cookie = false;
        for (int notify : fact.ikeNotifyTypes()) {
            if (notify == Ike.COOKIE) {
                cookie = true;
            } else if (fact.ikeVersion() == 2 && notify == Ike.INVALID_KE_PAYLOAD) {
                retryHint = true;
                attempt.retryHintNotify = notify;
            } else if (Ike.isErrorNotify(notify)) {
                Lifecycle.fail(step, FailureReason.IKE_NOTIFY_ERROR, at, notify);
                return;
            }
        }
        boolean onlyHint = fact.ikeVersion() == 2 && (retryHint || cookie) && !fact.hasIkePayload(Ike.V2_PAYLOAD_SA);
        if (onlyHint) {
            // Completes nothing; a COOKIE is not even an answer worth judging.
            attempt.responderSpoke |= retryHint;
            return;
        }
        attempt.responderSpoke = true;
        boolean phase1Done = fact.ikeVersion() == 2
                ? fact.ikeExchangeType() == Ike.V2_IKE_SA_INIT && !isRequest(fact)
                : fact.ikeExchangeType() == Ike.V1_IDENTITY_PROTECTION && fact.ikeEncrypted();
        if (phase1Done) {
            completePhase1(step, attempt, at);
        }
    }

    private static void completePhase1(Step step, Attempt attempt, long at) {
        if (attempt.rekey && attempt.ikeVersion == 1) {
            // An IKEv1 phase-1 rekey is judged up to here; its IPsec SAs rekey on their own.
            Lifecycle.finishRekey(step);
            return;
        }
        attempt.retryHintNotify = 0;
        attempt.enterPhase(TunnelPhase.AWAITING_PHASE2, at);
    }

    private static void awaitingPhase2(Attempt attempt, PacketFact fact, boolean fromClient, boolean fromInitiator) {
        long at = fact.tsMicros();
        if (fact.ikeVersion() == 2) {
            if (fact.ikeExchangeType() == Ike.V2_IKE_AUTH && fromInitiator && isRequest(fact)) {
                attempt.enterPhase(TunnelPhase.IKE_PHASE2, at);
            }
            return;
        }
        if (fact.ikeExchangeType() == Ike.V1_QUICK_MODE) {
            attempt.phase2InitiatorIsClient = fromClient;
            attempt.enterPhase(TunnelPhase.IKE_PHASE2, at);
        } else if (fact.ikeExchangeType() == Ike.V1_TRANSACTION) {
            // XAUTH and Mode-Config come between the phases; each message restarts the wait.
            attempt.phaseAnchorMicros = at;
        }
    }

    private static void phase2(Step step, Attempt attempt, PacketFact fact, boolean fromClient, boolean fromInitiator) {
        boolean phase2Done = fact.ikeVersion() == 2
                ? fact.ikeExchangeType() == Ike.V2_IKE_AUTH && !fromInitiator && !isRequest(fact)
                : fact.ikeExchangeType() == Ike.V1_QUICK_MODE && fromClient != attempt.phase2InitiatorIsClient;
        if (!phase2Done) {
            return;
        }
        if (attempt.rekey) {
            Lifecycle.finishRekey(step);
            return;
        }
        attempt.enterPhase(TunnelPhase.AWAITING_ESP, fact.tsMicros());
        if (attempt.espBothWays()) {
            Lifecycle.establish(step, fact.tsMicros(), false);
        }
    }

    /** Identifies "the same message again" without its payload: exchange, flags, message id, length. */
    private static long signature(PacketFact fact) {
        long signature = fact.ikeExchangeType();
        signature = signature * 31 + fact.ikeFlags();
        signature = signature * 31 + fact.ikeMessageId();
        signature = signature * 31 + fact.ikeLength();
        return signature * 31 + fact.ikeResponderSpi();
    }
}
