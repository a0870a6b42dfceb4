package dev.sluice.engine.output;

/** Sample events for the output tests. */
final class Events {
    /** 2009-11-24T21:27:09 UTC. */
    static final long T = 1_259_098_029L;

    private Events() {
    }

    static AlertEvent.Builder tcpAlert() {
        return AlertEvent.builder()
                .time(T, 534_255)
                .alert(AlertEvent.Alert.ALLOWED, 1, 2_001_219, 20, "ET SCAN Potential SSH Scan",
                        "Attempted Information Leak", 2)
                .proto(6)
                .src("192.168.1.10", 54_321)
                .dst("10.0.0.5", 22)
                .flowId(1_676_750_115_612_680L)
                .pcapCnt(53)
                .direction("to_server");
    }
}
