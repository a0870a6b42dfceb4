package dev.sluice.engine.host;

import dev.sluice.engine.decode.Packet;
import org.junit.jupiter.api.Test;

import static dev.sluice.engine.flow.TestPackets.sec;
import static dev.sluice.engine.flow.TestPackets.udp;
import static dev.sluice.signatures.match.HostBits.TRACK_DST;
import static dev.sluice.signatures.match.HostBits.TRACK_PAIR;
import static dev.sluice.signatures.match.HostBits.TRACK_SRC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostBitStoreTest {
    private final HostBitStore store = new HostBitStore(HostBitStore.DEFAULT_MAX_ENTRIES);

    private static Packet at(String src, String dst, long second) {
        return udp(src, 1000, dst, 53, sec(second));
    }

    @Test
    void pairBitsHoldInBothDirectionsAndOnlyForThatPair() {
        store.set(3, TRACK_PAIR, at("10.0.0.1", "10.0.0.2", 100), 30);
        assertTrue(store.isSet(3, TRACK_PAIR, at("10.0.0.1", "10.0.0.2", 101)));
        assertTrue(store.isSet(3, TRACK_PAIR, at("10.0.0.2", "10.0.0.1", 101)), "the pair is unordered");
        assertFalse(store.isSet(3, TRACK_PAIR, at("10.0.0.1", "10.0.0.3", 101)));
        assertFalse(store.isSet(4, TRACK_PAIR, at("10.0.0.1", "10.0.0.2", 101)), "another bit");
        assertFalse(store.isSet(3, TRACK_SRC, at("10.0.0.1", "10.0.0.2", 101)), "host bits are apart from pair bits");
    }

    @Test
    void hostBitsAreTheSameHostWhicheverSideItIsOn() {
        store.set(1, TRACK_DST, at("10.0.0.1", "10.0.0.2", 100), 30);
        assertTrue(store.isSet(1, TRACK_SRC, at("10.0.0.2", "10.0.0.9", 101)), "set as destination, seen as source");
        assertFalse(store.isSet(1, TRACK_SRC, at("10.0.0.1", "10.0.0.2", 101)));
        store.unset(1, TRACK_DST, at("10.0.0.9", "10.0.0.2", 102));
        assertFalse(store.isSet(1, TRACK_SRC, at("10.0.0.2", "10.0.0.9", 103)));
    }

    @Test
    void ipv6AndIpv4AddressesAreKeptApart() {
        store.set(1, TRACK_SRC, at("2001:db8::1", "2001:db8::2", 100), 30);
        assertTrue(store.isSet(1, TRACK_SRC, at("2001:db8::1", "2001:db8::5", 100)));
        assertFalse(store.isSet(1, TRACK_SRC, at("2001:db8::2", "2001:db8::1", 100)));
        assertFalse(store.isSet(1, TRACK_SRC, at("0.0.0.1", "10.0.0.1", 100)));
    }

    @Test
    void bitsExpireByPacketTimeAndALiveBitKeepsItsExpiry() {
        store.set(1, TRACK_SRC, at("10.0.0.1", "10.0.0.2", 100), 10);
        store.set(1, TRACK_SRC, at("10.0.0.1", "10.0.0.2", 105), 10); // still live: expiry stays at 110
        assertTrue(store.isSet(1, TRACK_SRC, at("10.0.0.1", "10.0.0.2", 110)));
        assertFalse(store.isSet(1, TRACK_SRC, at("10.0.0.1", "10.0.0.2", 111)));
        assertEquals(0, store.size(), "found expired, dropped");
        assertEquals(1, store.expired);
        store.set(1, TRACK_SRC, at("10.0.0.1", "10.0.0.2", 200), 10);
        assertTrue(store.isSet(1, TRACK_SRC, at("10.0.0.1", "10.0.0.2", 209)));
    }

    @Test
    void toggleFlipsALiveBitAndSetsAnAbsentOne() {
        Packet p = at("10.0.0.1", "10.0.0.2", 100);
        store.toggle(2, TRACK_PAIR, p, 30);
        assertTrue(store.isSet(2, TRACK_PAIR, p));
        store.toggle(2, TRACK_PAIR, p, 30);
        assertFalse(store.isSet(2, TRACK_PAIR, p));
    }

    @Test
    void manyEntriesSurviveGrowthAndRemovals() {
        for (int i = 0; i < 5000; i++) {
            store.set(i % 7, TRACK_SRC, at("10.1." + (i / 256) + "." + (i % 256), "10.0.0.1", 100), 1000);
        }
        assertEquals(5000, store.size());
        for (int i = 0; i < 5000; i += 2) {
            store.unset(i % 7, TRACK_SRC, at("10.1." + (i / 256) + "." + (i % 256), "10.0.0.1", 101));
        }
        assertEquals(2500, store.size());
        for (int i = 0; i < 5000; i++) {
            boolean want = i % 2 == 1;
            assertEquals(want, store.isSet(i % 7, TRACK_SRC, at("10.1." + (i / 256) + "." + (i % 256), "10.0.0.1", 102)), "entry " + i);
        }
    }

    @Test
    void aFullStoreDropsExpiredEntriesFirstThenEvictsAndCounts() {
        HostBitStore small = new HostBitStore(4);
        for (int i = 1; i <= 4; i++) {
            small.set(0, TRACK_SRC, at("10.0.0." + i, "10.9.9.9", 100), i == 1 ? 1 : 1000);
        }
        small.set(0, TRACK_SRC, at("10.0.0.5", "10.9.9.9", 200), 1000);
        assertEquals(4, small.size());
        assertEquals(1, small.expired, "the expired entry made room");
        assertEquals(0, small.evicted);
        small.set(0, TRACK_SRC, at("10.0.0.6", "10.9.9.9", 200), 1000);
        assertEquals(4, small.size(), "never more than the bound");
        assertEquals(1, small.evicted);
        assertTrue(small.isSet(0, TRACK_SRC, at("10.0.0.6", "10.9.9.9", 201)), "the newest entry is kept");
    }

    @Test
    void refusesANonPositiveBound() {
        assertThrows(IllegalArgumentException.class, () -> new HostBitStore(0));
    }
}
