package dev.sluice.signatures.vars;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Address and port variables ({@code $HOME_NET}, {@code $HTTP_PORTS}, ...): name (without the
 * {@code $}) to expression text. Values are expressions of the same kind and may name other
 * variables; they are resolved when a rule header is parsed. Loading thread only.
 */
public final class Variables {
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final Map<String, String> ports = new LinkedHashMap<>();
    private long generation;

    /**
     * Suricata's stock address and port groups, which the ET Open and Suricata rule sets rely on
     * (every variable their headers use is here).
     */
    public static Variables defaults() {
        Variables v = new Variables();
        v.setAddress("HOME_NET", "[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]");
        v.setAddress("EXTERNAL_NET", "!$HOME_NET");
        for (String server : new String[] {"HTTP_SERVERS", "SMTP_SERVERS", "SQL_SERVERS", "DNS_SERVERS",
                "TELNET_SERVERS", "AIM_SERVERS", "DC_SERVERS", "DNP3_SERVER", "DNP3_CLIENT",
                "MODBUS_CLIENT", "MODBUS_SERVER", "ENIP_CLIENT", "ENIP_SERVER"}) {
            v.setAddress(server, "$HOME_NET");
        }
        v.setPort("HTTP_PORTS", "80");
        v.setPort("SHELLCODE_PORTS", "!80");
        v.setPort("ORACLE_PORTS", "1521");
        v.setPort("SSH_PORTS", "22");
        v.setPort("DNP3_PORTS", "20000");
        v.setPort("MODBUS_PORTS", "502");
        v.setPort("FILE_DATA_PORTS", "[$HTTP_PORTS,110,143]");
        v.setPort("FTP_PORTS", "21");
        v.setPort("GENEVE_PORTS", "6081");
        v.setPort("VXLAN_PORTS", "4789");
        v.setPort("TEREDO_PORTS", "3544");
        return v;
    }

    /** The value of an address group variable (without the $), or null. */
    public String address(String name) {
        return addresses.get(name);
    }

    /** The value of a port group variable (without the $), or null. */
    public String port(String name) {
        return ports.get(name);
    }

    public void setAddress(String name, String value) {
        addresses.put(name, value);
        generation++;
    }

    public void setPort(String name, String value) {
        ports.put(name, value);
        generation++;
    }

    /** Address groups in definition order, read-only. */
    public Map<String, String> addresses() {
        return Collections.unmodifiableMap(addresses);
    }

    /** Port groups in definition order, read-only. */
    public Map<String, String> ports() {
        return Collections.unmodifiableMap(ports);
    }

    /** Changes with every set; lets parsers that cache compiled expressions notice a change. */
    public long generation() {
        return generation;
    }
}
