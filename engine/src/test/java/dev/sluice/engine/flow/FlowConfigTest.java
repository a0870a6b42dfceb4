package dev.sluice.engine.flow;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowConfigTest {

    @Test
    void defaultsMatchTheDocumentedValues() {
        FlowConfig c = FlowConfig.DEFAULTS;
        assertEquals(65_536, c.maxFlows());
        assertFalse(c.midstream());
        assertTrue(c.vlanInKey());
        assertEquals(30, c.newTimeout());
        assertEquals(300, c.tcpEstablishedTimeout());
        assertEquals(30, c.otherEstablishedTimeout());
        assertEquals(10, c.closedTimeout());
    }

    @Test
    void midstreamComesFromStreamMidstreamSetting() {
        assertTrue(FlowConfig.knows("stream.midstream"));
        assertTrue(FlowConfig.DEFAULTS.withSetting("stream.midstream", "true").midstream());
        assertTrue(FlowConfig.DEFAULTS.withSetting("stream.midstream", "yes").midstream());
        assertFalse(FlowConfig.DEFAULTS.withMidstream(true).withSetting("stream.midstream", "false").midstream());
    }

    @Test
    void timeoutAndSizeSettings() {
        FlowConfig c = FlowConfig.DEFAULTS
                .withSetting("flow.max-flows", "1000")
                .withSetting("flow-timeouts.tcp.established", "600")
                .withSetting("flow-timeouts.default.established", "60")
                .withSetting("flow-timeouts.default.new", "20")
                .withSetting("flow-timeouts.default.closed", "0");
        assertEquals(1000, c.maxFlows());
        assertEquals(600, c.tcpEstablishedTimeout());
        assertEquals(60, c.otherEstablishedTimeout());
        assertEquals(20, c.newTimeout());
        assertEquals(0, c.closedTimeout());
    }

    @Test
    void unknownKeysLeaveTheConfigUnchanged() {
        assertFalse(FlowConfig.knows("stream.inline"));
        assertSame(FlowConfig.DEFAULTS, FlowConfig.DEFAULTS.withSetting("stream.inline", "true"));
    }

    @Test
    void refusesBadValuesWithAOneLineReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlowConfig.DEFAULTS.withSetting("stream.midstream", "maybe"));
        assertEquals("stream.midstream: expected true or false, got 'maybe'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FlowConfig.DEFAULTS.withSetting("flow.max-flows", "0"));
        assertThrows(IllegalArgumentException.class,
                () -> FlowConfig.DEFAULTS.withSetting("flow-timeouts.default.new", "-3"));
    }
}
