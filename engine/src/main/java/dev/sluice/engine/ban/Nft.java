package dev.sluice.engine.ban;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code nft} commands bans need, on the sets {@code ban4} and {@code ban6} of table
 * {@code inet TABLE}: run with arguments (no shell), each waited for at most a bounded time and
 * killed after it. The command prefix (default {@code ["nft"]}) lets tests run it in a namespace
 * ({@code ["ip", "netns", "exec", NS, "nft"]}). Stateless; any thread.
 */
public final class Nft {
    /** Output kept from one command; a set listing of 65536 bans is well under it. */
    private static final int MAX_OUTPUT = 32 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A failed nft command; the message is one line (nft's own first error line). */
    public static final class NftException extends IOException {
        NftException(String message) {
            super(message);
        }
    }

    /** One element to add: an address (as nft prints it) and its timeout. */
    record Element(String set, String address, long timeoutSeconds) {
    }

    /** One element listed by nft: its address and the seconds it has left (-1: no timeout). */
    record Listed(String address, long expiresSeconds) {
    }

    private final List<String> command;
    private final String table;
    private final long timeoutMillis;

    Nft(List<String> command, String table, long timeoutMillis) {
        this.command = List.copyOf(command);
        this.table = table;
        this.timeoutMillis = timeoutMillis;
    }

    String table() {
        return table;
    }

    /** Adds all elements in one nft transaction (all or none). */
    void add(List<Element> elements) throws NftException {
        StringBuilder sb = new StringBuilder();
        for (Element e : elements) {
            sb.append("add element inet ").append(table).append(' ').append(e.set()).append(" { ")
                    .append(e.address()).append(" timeout ").append(e.timeoutSeconds()).append("s }\n");
        }
        check(run(sb.toString(), "-f", "-"));
    }

    /** Deletes {@code address} from {@code set}; false when it was not there. */
    boolean delete(String set, String address) throws NftException {
        Result r = run(null, "delete", "element", "inet", table, set, "{", address, "}");
        if (r.exit == 0) {
            return true;
        }
        if (r.err.contains("No such file or directory") && hasSet(set)) {
            return false;
        }
        throw failure(r);
    }

    /** True when {@code inet TABLE} holds {@code set}. */
    boolean hasSet(String set) throws NftException {
        return run(null, "list", "set", "inet", table, set).exit == 0;
    }

    /** The elements of {@code set}. */
    List<Listed> list(String set) throws NftException {
        Result r = check(run(null, "-j", "list", "set", "inet", table, set));
        List<Listed> out = new ArrayList<>();
        try {
            for (JsonNode item : JSON.readTree(r.out).path("nftables")) {
                for (JsonNode e : item.path("set").path("elem")) {
                    JsonNode el = e.path("elem");
                    if (el.isObject()) {
                        out.add(new Listed(el.path("val").asText(), el.path("expires").asLong(-1)));
                    } else if (e.isTextual()) {
                        out.add(new Listed(e.asText(), -1));
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new NftException("nft -j list set gave unreadable JSON: " + e.getOriginalMessage());
        }
        return out;
    }

    private record Result(int exit, String out, String err) {
    }

    private Result check(Result r) throws NftException {
        if (r.exit != 0) {
            throw failure(r);
        }
        return r;
    }

    private static NftException failure(Result r) {
        // nft -f prefixes its errors with the input position ("/dev/stdin:1:18-23: Error: ...").
        String first = r.err.strip().lines().findFirst().orElse("").strip().replaceFirst("^/dev/stdin:[0-9:-]+: ", "");
        return new NftException(first.isEmpty() ? "nft failed with exit " + r.exit : first);
    }

    /** Runs nft with {@code args}, feeding {@code stdin} when not null. */
    private Result run(String stdin, String... args) throws NftException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new NftException("cannot run " + command.get(0) + ": " + e.getMessage());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> drain(p.getErrorStream(), err), "sluice-ban-nft-stderr");
        errReader.setDaemon(true);
        errReader.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread outReader = new Thread(() -> drain(p.getInputStream(), out), "sluice-ban-nft-stdout");
        outReader.setDaemon(true);
        outReader.start();
        try {
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // nft exited early; its status and stderr tell why
            }
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new NftException(String.join(" ", cmd) + ": no answer within " + timeoutMillis + " ms");
            }
            errReader.join(timeoutMillis);
            outReader.join(timeoutMillis);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NftException("interrupted while running nft");
        }
        synchronized (out) {
            synchronized (err) {
                return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            }
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream to) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (to) {
                    if (to.size() < MAX_OUTPUT) {
                        to.write(buf, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            // the process went away; what was read is kept
        }
    }
}
