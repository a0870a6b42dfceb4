package dev.sluice.signatures.keyword.flow;

import org.junit.jupiter.api.Test;

import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rule.flowDirection, by which the engine leaves a rule out of the other direction's prefilter. */
class FlowDirectionTest {
    @Test
    void toServerAndFromClientAreDirectionOne() throws Exception {
        assertEquals(1, rule("flow:to_server;").flowDirection);
        assertEquals(1, rule("flow:established,to_server;").flowDirection);
        assertEquals(1, rule("flow:from_client;").flowDirection);
    }

    @Test
    void toClientAndFromServerAreDirectionTwo() throws Exception {
        assertEquals(2, rule("flow:from_server;").flowDirection);
        assertEquals(2, rule("flow:to_client,established;").flowDirection);
    }

    @Test
    void stateAloneOrNoFlowIsEitherDirection() throws Exception {
        assertEquals(0, rule("flow:established;").flowDirection);
        assertEquals(0, rule("content:\"x\";").flowDirection);
    }
}
