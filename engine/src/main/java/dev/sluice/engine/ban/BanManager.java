package dev.sluice.engine.ban;

import dev.sluice.engine.output.AlertEvent;
import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.vars.ConfigException;
import dev.sluice.signatures.vars.SluiceConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Bans repeat offenders. Registered with the output writer ({@code out.addListener(bans)}), it sees
 * every alert and drop record on the writer thread, counts those whose rule a policy names per
 * source, and when a source reaches a policy's count within its window, queues a ban. The
 * {@code sluice-ban} thread adds queued bans to the nftables set ({@code ban4} or {@code ban6} of
 * {@code table inet sluice}) with the policy's timeout, so the kernel drops the source's packets
 * until it expires. Loopback, the {@code bans.ignore} networks and the host's own addresses are
 * never banned.
 *
 * <p>Threads: {@link #accept} runs on the writer thread only and never waits (a full ban queue is
 * counted, not waited for); nft runs on the ban thread only; {@link #list()}, {@link #lift},
 * {@link #stats()} and {@link #close()} may be called from any thread (the control socket).
 */
public final class BanManager implements Consumer<AlertEvent>, AutoCloseable {
    /** Ban requests waiting for the ban thread. */
    static final int QUEUE_CAPACITY = 1024;
    /** Bans added in one nft transaction at most. */
    private static final int BATCH = 256;
    private static final long NFT_TIMEOUT_MILLIS = 5_000;
    private static final long LIFT_TIMEOUT_MILLIS = 15_000;
    /** Alert records remembered to recognise the drop record of the same packet and rule. */
    private static final int RECENT = 16;
    /** Failure lines printed before they are only counted (then one every 1000). */
    private static final int LOUD_FAILURES = 10;

    /**
     * A ban as {@code list()} shows it.
     *
     * @param address          the banned address, as nft prints it
     * @param expiresInSeconds seconds until the kernel lifts it (-1: no timeout)
     * @param policy           the policy that banned it, or null when this engine did not add it
     *                         (an earlier run, or by hand)
     * @param sid              the rule of the alert that completed the count, 0 when unknown
     * @param classification   that rule's class description, or null
     */
    public record Ban(String address, long expiresInSeconds, String policy, long sid, String classification) {
    }

    /** What {@link #lift} did: {@code lifted} false when the address was not banned. */
    public record LiftResult(String address, boolean lifted) {
    }

    /**
     * Counters since start.
     *
     * @param banned     bans added to nft
     * @param failed     bans nft refused (or could not be run for)
     * @param dropped    bans not requested because the queue was full or {@code max-bans} was reached
     * @param ownAddress bans not made because the address is the host's own
     * @param active     bans this engine made that have not expired
     * @param tracked    sources with an open counting window, all policies (as of the last counted alert)
     */
    public record Stats(long banned, long failed, long dropped, long ownAddress, long active, long tracked) {
    }

    /** A ban this engine made: until when, and why. */
    private record Active(long expiresAtMillis, BanPolicy policy, long sid, String classification) {
    }

    private record BanRequest(String address, byte[] bytes, BanPolicy policy, long sid, String classification) {
    }

    private record LiftRequest(String address, byte[] bytes, CompletableFuture<LiftResult> done) {
    }

    private static final Object STOP = new Object();

    private final BanSettings settings;
    private final Nft nft;
    private final LongSupplier clockMillis;
    private final PrintStream err;
    private final Predicate<byte[]> ownAddress;
    private final OffenceCounter[] counters;
    private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final ConcurrentHashMap<String, Active> active = new ConcurrentHashMap<>();
    private final Thread thread;

    // Writer thread only: the last alert records, to count a packet's alert and drop record once.
    private final long[] recentSid = new long[RECENT];
    private final String[] recentKey = new String[RECENT];
    private int recentNext;
    private volatile int trackedSnapshot;

    private final AtomicLong banned = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong own = new AtomicLong();
    private volatile boolean closed;

    /**
     * The manager for {@code cfg}'s {@code bans:} section, started, running {@code nft}; null when
     * bans are off.
     *
     * @throws ConfigException "file: bans.policies[0].count: reason", one line
     */
    public static BanManager fromConfig(SluiceConfig cfg, ClassificationConfig classes) throws ConfigException {
        BanSettings s = BanSettings.fromConfig(cfg, classes);
        return s == null ? null : new BanManager(s, List.of("nft"), System.err);
    }

    /** A started manager running {@code nftCommand} (e.g. {@code ["ip", "netns", "exec", NS, "nft"]}). */
    public BanManager(BanSettings settings, List<String> nftCommand, PrintStream err) {
        this(settings, nftCommand, () -> System.nanoTime() / 1_000_000, err, BanManager::isOwnAddress);
    }

    /** For tests: a clock in milliseconds and the own-address check can be replaced. */
    BanManager(BanSettings settings, List<String> nftCommand, LongSupplier clockMillis, PrintStream err,
               Predicate<byte[]> ownAddress) {
        this.settings = settings;
        this.nft = new Nft(nftCommand, settings.table(), NFT_TIMEOUT_MILLIS);
        this.clockMillis = clockMillis;
        this.err = err;
        this.ownAddress = ownAddress;
        this.counters = new OffenceCounter[settings.policies().size()];
        for (int i = 0; i < counters.length; i++) {
            BanPolicy p = settings.policies().get(i);
            counters[i] = new OffenceCounter(p.count(), p.seconds(), settings.maxTracked());
        }
        this.thread = new Thread(this::runBanThread, "sluice-ban");
        thread.setDaemon(true);
        thread.start();
    }

    public BanSettings settings() {
        return settings;
    }

    /** Counts one event; writer thread only. Never blocks. */
    @Override
    public void accept(AlertEvent e) {
        AlertEvent.Alert a = e.alert();
        if (a == null || closed || !anyPolicyMatches(a)) {
            return;
        }
        // Inline, a drop rule gives an alert record and then a drop record for the same packet: count it once.
        String packetKey = e.srcIp() + ' ' + e.tsSeconds() + '.' + e.tsMicros() + ' ' + e.flowId();
        if (e.type() == AlertEvent.Type.DROP) {
            for (int i = 0; i < RECENT; i++) {
                if (recentSid[i] == a.sid() && packetKey.equals(recentKey[i])) {
                    return;
                }
            }
        } else {
            recentSid[recentNext] = a.sid();
            recentKey[recentNext] = packetKey;
            recentNext = (recentNext + 1) % RECENT;
        }
        byte[] addr = IpLiteral.parse(e.srcIp());
        if (addr == null || settings.ignored(addr)) {
            return;
        }
        String source = IpLiteral.format(addr);
        long now = clockMillis.getAsLong();
        Active cur = active.get(source);
        if (cur != null && cur.expiresAtMillis > now) {
            return; // already banned; its packets still queued before the ban are not counted again
        }
        int tracked = 0;
        boolean offence = false;
        for (int i = 0; i < counters.length && !offence; i++) {
            BanPolicy p = settings.policies().get(i);
            if (p.matches(a) && counters[i].hit(source, now)) {
                offence = true;
                request(new BanRequest(source, addr, p, a.sid(), a.category()), now);
            }
        }
        for (OffenceCounter c : counters) {
            tracked += c.tracked();
        }
        trackedSnapshot = tracked;
    }

    private boolean anyPolicyMatches(AlertEvent.Alert a) {
        for (BanPolicy p : settings.policies()) {
            if (p.matches(a)) {
                return true;
            }
        }
        return false;
    }

    private void request(BanRequest r, long now) {
        if (active.size() >= settings.maxBans()) {
            active.values().removeIf(x -> x.expiresAtMillis <= now);
            if (active.size() >= settings.maxBans()) {
                droppedRequest("bans.max-bans (" + settings.maxBans() + ") reached");
                return;
            }
        }
        active.put(r.address, new Active(now + r.policy.timeoutSeconds() * 1000, r.policy, r.sid, r.classification));
        if (!queue.offer(r)) {
            active.remove(r.address);
            droppedRequest("the ban queue is full");
        }
    }

    private void droppedRequest(String why) {
        long n = dropped.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
            err.println("sluice: bans: " + why + "; " + n + " ban(s) not made so far");
        }
    }

    /** The bans in force: read from nft, with this engine's reasons; this engine's own view when nft cannot be read. */
    public List<Ban> list() {
        long now = clockMillis.getAsLong();
        List<Ban> out = new ArrayList<>();
        try {
            for (String set : List.of(BanSettings.SET4, BanSettings.SET6)) {
                for (Nft.Listed l : nft.list(set)) {
                    Active a = active.get(l.address());
                    out.add(a == null ? new Ban(l.address(), l.expiresSeconds(), null, 0, null)
                            : new Ban(l.address(), l.expiresSeconds(), a.policy.name(), a.sid, a.classification));
                }
            }
            return out;
        } catch (Nft.NftException e) {
            out.clear();
        }
        for (Map.Entry<String, Active> en : active.entrySet()) {
            Active a = en.getValue();
            if (a.expiresAtMillis > now) {
                out.add(new Ban(en.getKey(), (a.expiresAtMillis - now + 999) / 1000, a.policy.name(), a.sid, a.classification));
            }
        }
        return out;
    }

    /**
     * Lifts the ban of {@code address} (deletes it from the nft set), waiting for the ban thread.
     *
     * @throws IllegalArgumentException when {@code address} is not an IP address
     * @throws IOException              when nft fails or does not answer in time
     */
    public LiftResult lift(String address) throws IOException {
        byte[] addr = IpLiteral.parse(address == null ? null : address.trim());
        if (addr == null) {
            throw new IllegalArgumentException("not an IP address: '" + address + "'");
        }
        String key = IpLiteral.format(addr);
        CompletableFuture<LiftResult> done = new CompletableFuture<>();
        try {
            if (closed || !queue.offer(new LiftRequest(key, addr, done), LIFT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IOException(closed ? "bans are stopped" : "the ban thread is busy; try again");
            }
            return done.get(LIFT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (TimeoutException e) {
            throw new IOException("the ban thread did not answer within " + LIFT_TIMEOUT_MILLIS / 1000 + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString());
        }
    }

    public Stats stats() {
        long now = clockMillis.getAsLong();
        long live = active.values().stream().filter(a -> a.expiresAtMillis > now).count();
        return new Stats(banned.get(), failed.get(), dropped.get(), own.get(), live, trackedSnapshot);
    }

    /** Stops the ban thread after it has run the bans already queued (bounded wait). Bans in nft stay. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!queue.offer(STOP, 1, TimeUnit.SECONDS)) {
                thread.interrupt();
            }
            thread.join(10_000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(2_000);
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    // ---- ban thread ----------------------------------------------------------------------------

    private void runBanThread() {
        try {
            if (!nft.hasSet(BanSettings.SET4)) {
                err.println("sluice: bans: nft table inet " + nft.table() + " has no set " + BanSettings.SET4
                        + " (iptables/sluice-iptables up creates it); bans fail until it exists");
            }
        } catch (Nft.NftException e) {
            err.println("sluice: bans: " + e.getMessage() + "; bans fail until nft works");
        }
        List<Object> batch = new ArrayList<>();
        while (true) {
            try {
                batch.clear();
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
            } catch (InterruptedException e) {
                return;
            }
            List<BanRequest> bans = new ArrayList<>();
            for (Object o : batch) {
                if (o instanceof BanRequest b) {
                    bans.add(b);
                    continue;
                }
                addAll(bans);
                bans.clear();
                if (o == STOP) {
                    failPendingLifts();
                    return;
                }
                lift((LiftRequest) o);
            }
            addAll(bans);
        }
    }

    private void failPendingLifts() {
        for (Object o; (o = queue.poll()) != null; ) {
            if (o instanceof LiftRequest l) {
                l.done.completeExceptionally(new IOException("bans are stopped"));
            }
        }
    }

    private void addAll(List<BanRequest> bans) {
        List<BanRequest> todo = new ArrayList<>();
        for (BanRequest b : bans) {
            if (ownAddress.test(b.bytes)) {
                own.incrementAndGet();
                active.remove(b.address);
                err.println("sluice: bans: not banning " + b.address + ", an address of this host (policy " + b.policy.name() + ")");
            } else {
                todo.add(b);
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        try {
            nft.add(todo.stream().map(this::element).toList());
            todo.forEach(this::added);
            return;
        } catch (Nft.NftException e) {
            if (todo.size() == 1) {
                failedBan(todo.get(0), e);
                return;
            }
        }
        // The transaction is all or nothing: find the one(s) nft refuses.
        for (BanRequest b : todo) {
            try {
                nft.add(List.of(element(b)));
                added(b);
            } catch (Nft.NftException e) {
                failedBan(b, e);
            }
        }
    }

    private Nft.Element element(BanRequest b) {
        return new Nft.Element(b.bytes.length == 4 ? BanSettings.SET4 : BanSettings.SET6, b.address, b.policy.timeoutSeconds());
    }

    private void added(BanRequest b) {
        banned.incrementAndGet();
        BanPolicy p = b.policy;
        err.println("sluice: banned " + b.address + " for " + p.timeoutSeconds() + " s: policy " + p.name() + ", "
                + p.count() + " alert(s) within " + p.seconds() + " s, last sid " + b.sid
                + (b.classification == null ? "" : " (" + b.classification + ")"));
    }

    private void failedBan(BanRequest b, Nft.NftException e) {
        active.remove(b.address);
        long n = failed.incrementAndGet();
        if (n <= LOUD_FAILURES || n % 1000 == 0) {
            err.println("sluice: bans: could not ban " + b.address + ": " + e.getMessage() + " (" + n + " failed so far)");
        }
    }

    private void lift(LiftRequest l) {
        try {
            boolean was = nft.delete(l.bytes.length == 4 ? BanSettings.SET4 : BanSettings.SET6, l.address);
            active.remove(l.address);
            l.done.complete(new LiftResult(l.address, was));
        } catch (Nft.NftException e) {
            l.done.completeExceptionally(e);
        }
    }

    /** True when {@code addr} is assigned to an interface of this host (this network namespace). */
    static boolean isOwnAddress(byte[] addr) {
        try {
            return NetworkInterface.getByInetAddress(InetAddress.getByAddress(addr)) != null;
        } catch (SocketException | UnknownHostException e) {
            return false;
        }
    }
}
