package dev.sluice.signatures.vars;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class VariablesTest {
    @Test
    void defaultsAreSuricataStockGroups() {
        Variables v = Variables.defaults();
        assertEquals("[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]", v.address("HOME_NET"));
        assertEquals("!$HOME_NET", v.address("EXTERNAL_NET"));
        for (String s : new String[] {"HTTP_SERVERS", "SMTP_SERVERS", "SQL_SERVERS", "DNS_SERVERS", "TELNET_SERVERS",
                "AIM_SERVERS", "DC_SERVERS", "DNP3_SERVER", "DNP3_CLIENT", "MODBUS_CLIENT", "MODBUS_SERVER",
                "ENIP_CLIENT", "ENIP_SERVER"}) {
            assertEquals("$HOME_NET", v.address(s), s);
        }
        assertEquals("80", v.port("HTTP_PORTS"));
        assertEquals("!80", v.port("SHELLCODE_PORTS"));
        assertEquals("1521", v.port("ORACLE_PORTS"));
        assertEquals("22", v.port("SSH_PORTS"));
        assertEquals("20000", v.port("DNP3_PORTS"));
        assertEquals("502", v.port("MODBUS_PORTS"));
        assertEquals("[$HTTP_PORTS,110,143]", v.port("FILE_DATA_PORTS"));
        assertEquals("21", v.port("FTP_PORTS"));
        assertEquals("6081", v.port("GENEVE_PORTS"));
        assertEquals("4789", v.port("VXLAN_PORTS"));
        assertEquals("3544", v.port("TEREDO_PORTS"));
    }

    @Test
    void addressAndPortNamesAreSeparate() {
        Variables v = Variables.defaults();
        assertNull(v.port("HOME_NET"));
        assertNull(v.address("HTTP_PORTS"));
    }

    @Test
    void settingChangesTheGeneration() {
        Variables v = Variables.defaults();
        long g = v.generation();
        v.setPort("X", "1");
        assertNotEquals(g, v.generation());
        assertEquals("1", v.port("X"));
    }
}
