package dev.sluice.engine.applayer.tls;

import dev.sluice.engine.applayer.AppProbe;

/**
 * Recognises TLS from the first bytes of a TCP direction: a handshake record (type 22) of version
 * 3.0 to 3.4 with a plausible length, whose first message is a ClientHello (to server) or a
 * ServerHello (to client) no longer than the record allows, with a 3.x hello version. An SSLv2
 * ClientHello (2-byte length with the top bit set, message type 1, version 2 or 3.x) is also TLS.
 * Needs at most 11 bytes. No allocation.
 */
public final class TlsProbe implements AppProbe {
    @Override
    public int probe(byte[] buf, int off, int len, boolean toServer, boolean tcp, boolean portHint) {
        if (!tcp || len < 1) {
            return tcp ? NEED_MORE : NO;
        }
        int first = buf[off] & 0xff;
        if (first != TlsRecord.HANDSHAKE) {
            return toServer && (first & 0x80) != 0 ? sslv2(buf, off, len) : NO;
        }
        if (len < TlsRecord.HEADER + TlsRecord.HS_HEADER + 2) {
            return prefixOk(buf, off, len) ? NEED_MORE : NO;
        }
        if (!prefixOk(buf, off, len)) {
            return NO;
        }
        int recLen = TlsRecord.u16(buf, off + TlsRecord.LENGTH);
        int h = off + TlsRecord.HEADER;
        int type = buf[h + TlsRecord.HS_TYPE] & 0xff;
        if (type != (toServer ? TlsRecord.CLIENT_HELLO : TlsRecord.SERVER_HELLO)) {
            return NO;
        }
        int msgLen = TlsRecord.u24(buf, h + TlsRecord.HS_LENGTH);
        // a hello has at least version, random and session id length; it may continue in the next record
        if (msgLen < 2 + 32 + 1 || msgLen > (1 << 16)) {
            return NO;
        }
        int major = buf[h + TlsRecord.HS_HEADER] & 0xff;
        return major == 3 && recLen >= TlsRecord.HS_HEADER ? MATCH : NO;
    }

    /** Record type 22, major version 3, minor 0..4, length 1..MAX_RECORD, as far as present. */
    private static boolean prefixOk(byte[] buf, int off, int len) {
        if (len > TlsRecord.MAJOR && (buf[off + TlsRecord.MAJOR] & 0xff) != 3) {
            return false;
        }
        if (len > TlsRecord.MINOR && (buf[off + TlsRecord.MINOR] & 0xff) > 4) {
            return false;
        }
        if (len > TlsRecord.LENGTH + 1) {
            int recLen = TlsRecord.u16(buf, off + TlsRecord.LENGTH);
            return recLen > 0 && recLen <= TlsRecord.MAX_RECORD;
        }
        return true;
    }

    /** SSLv2 record: 2-byte length (top bit set), type 1 (CLIENT-HELLO), version 0x0002 or 3.x. */
    private static int sslv2(byte[] buf, int off, int len) {
        if (len < 5) {
            return NEED_MORE;
        }
        int recLen = TlsRecord.u16(buf, off) & 0x7fff;
        int type = buf[off + 2] & 0xff;
        int ver = TlsRecord.u16(buf, off + 3);
        if (type != 1 || recLen < 9) {
            return NO;
        }
        return ver == 0x0002 || ver >= 0x0300 && ver <= 0x0303 ? MATCH : NO;
    }
}
