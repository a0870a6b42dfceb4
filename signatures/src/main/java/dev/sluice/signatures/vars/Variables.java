package dev.sluice.signatures.vars;

import java.util.HashMap;
import java.util.Map;

/** Address and port variables ($HOME_NET, $HTTP_PORTS, ...). STUB: owned by the rule-language work. */
public final class Variables {
    private final Map<String, String> addresses = new HashMap<>();
    private final Map<String, String> ports = new HashMap<>();

    /** Suricata's stock defaults. */
    public static Variables defaults() {
        return new Variables();
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
    }

    public void setPort(String name, String value) {
        ports.put(name, value);
    }
}
