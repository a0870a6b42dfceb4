package dev.sluice.engine.demo;

import java.util.List;

/**
 * One request the demo's client sends, with what should happen to it.
 *
 * @param shown  what the output shows of it (its request line, or the part that matters)
 * @param raw    the bytes sent, a whole HTTP/1.1 request
 * @param attack true when a drop rule of demo.rules must block it
 * @param sid    the demo rule it should raise, 0 for none
 */
record DemoRequest(String shown, String raw, boolean attack, long sid) {
    /** User-Agent of every request but the scanner's. */
    static final String CLIENT_AGENT = "sluice-demo-client/1";

    /** In the order the output lists them: clean first, then one attack per drop rule. */
    static final List<DemoRequest> ALL = List.of(
            get("/", CLIENT_AGENT, false, 0),
            // "union" alone is no SQL injection: rule 1000004 needs "select" right after it.
            get("/search?q=union+station+opening+hours", CLIENT_AGENT, false, 0),
            get("/admin/", CLIENT_AGENT, false, 1_000_010),
            get("/download?file=../../../../etc/passwd", CLIENT_AGENT, true, 1_000_001),
            get("/cgi-bin/ping?host=127.0.0.1;/bin/sh+-i", CLIENT_AGENT, true, 1_000_002),
            get("/scripts/..%c0%af../winnt/system32/CMD.EXE?/c+dir", CLIENT_AGENT, true, 1_000_003),
            get("/items?id=1+UnIoN+SeLeCt+user,password+FROM+users", CLIENT_AGENT, true, 1_000_004),
            get("/", "sqlmap/1.7.2#stable (https://sqlmap.org)", true, 1_000_005));

    private static DemoRequest get(String path, String agent, boolean attack, long sid) {
        String shown = "GET " + path + (agent.equals(CLIENT_AGENT) ? "" : "  (User-Agent: " + agent + ")");
        String raw = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + Demo.SERVER_IP + "\r\n"
                + "User-Agent: " + agent + "\r\n"
                + "Accept: */*\r\n"
                + "Connection: close\r\n\r\n";
        return new DemoRequest(shown, raw, attack, sid);
    }
}
