package dev.sluice.engine.applayer.dns;

import dev.sluice.engine.applayer.AppProto;
import dev.sluice.engine.applayer.AppTx;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.TxField;

import java.util.Arrays;

/**
 * One DNS message (a request or a response) as a transaction: header fields, questions and resource
 * records with their names decompressed. Filled by {@link #parse}; reused by its parser for later
 * messages, so only valid while the packet that completed it is processed. The message bytes are
 * copied, so a transaction does not depend on the packet or stream buffer it came from.
 */
public final class DnsTx extends AppTx {
    /** Questions plus records parsed at most per message. */
    public static final int MAX_RECORDS = 256;
    static final int SECTION_ANSWER = 0;
    static final int SECTION_AUTHORITY = 1;
    static final int SECTION_ADDITIONAL = 2;

    static final int TYPE_A = 1;
    static final int TYPE_NS = 2;
    static final int TYPE_CNAME = 5;
    static final int TYPE_PTR = 12;
    static final int TYPE_MX = 15;
    static final int TYPE_TXT = 16;
    static final int TYPE_AAAA = 28;

    // the message
    byte[] msg = new byte[512];
    int msgLen;
    private final DnsHeader header = new DnsHeader();
    int msgId;
    int flags;

    // decompressed names, back to back; each name is (nameOff[i], nameLen[i])
    byte[] names = new byte[1024];
    int namesLen;
    int[] nameOff = new int[16];
    int[] nameLen = new int[16];
    int nameCount;

    // questions: name index, type, class
    int qCount;
    int[] qName = new int[4];
    int[] qType = new int[4];

    // records of the three sections, in message order
    int rCount;
    int[] rSection = new int[8];
    int[] rName = new int[8];
    int[] rType = new int[8];
    long[] rTtl = new long[8];
    int[] rDataOff = new int[8];
    int[] rDataLen = new int[8];
    /** Name index of a name inside the record data (CNAME, NS, PTR, MX), -1 for none. */
    int[] rDataName = new int[8];
    /** Records per section, and where each section starts in the record arrays. */
    final int[] sectionCount = new int[3];
    final int[] sectionStart = new int[3];
    /** For a response: every name of the message (questions, owners, names in data), in order. */
    int[] responseNames = new int[16];
    int responseNameCount;

    @Override
    public AppProto proto() {
        return AppProto.DNS;
    }

    public boolean response() {
        return (flags & DnsHeader.FLAG_QR) != 0;
    }

    public int dnsId() {
        return msgId;
    }

    public int flags() {
        return flags;
    }

    public int opcode() {
        return flags >>> 11 & 0xf;
    }

    public int rcode() {
        return flags & 0xf;
    }

    public int questionCount() {
        return qCount;
    }

    /** The dotted name of question {@code i}. */
    public String questionName(int i) {
        return name(qName[i]);
    }

    public int questionType(int i) {
        return qType[i];
    }

    /** Records parsed in section 0 (answers), 1 (authorities) or 2 (additionals). */
    public int recordCount(int section) {
        return sectionCount[section];
    }

    /** Owner name of record {@code i} of a section. */
    public String recordName(int section, int i) {
        return name(rName[sectionStart[section] + i]);
    }

    public int recordType(int section, int i) {
        return rType[sectionStart[section] + i];
    }

    String name(int idx) {
        return new String(names, nameOff[idx], nameLen[idx], java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * Parses the message {@code src[off, off+len)} into this transaction, replacing what it held.
     * Returns false when there is no header (shorter than 12 bytes); otherwise whatever parsed is
     * kept and problems are {@link #events}.
     */
    boolean parse(byte[] src, int off, int len, DnsNames reader) {
        events = 0;
        msgLen = 0;
        namesLen = nameCount = qCount = rCount = responseNameCount = 0;
        Arrays.fill(sectionCount, 0);
        Arrays.fill(sectionStart, 0);
        if (len < DnsHeader.LENGTH) {
            events |= DnsEvents.MALFORMED_DATA;
            return false;
        }
        if (msg.length < len) {
            msg = new byte[Math.max(len, msg.length * 2)];
        }
        System.arraycopy(src, off, msg, 0, len);
        msgLen = len;
        header.wrap(msg, 0);
        msgId = header.id();
        flags = header.flags();
        if ((flags & DnsHeader.FLAG_Z) != 0) {
            events |= DnsEvents.Z_FLAG_SET;
        }
        int pos = DnsHeader.LENGTH;
        int qd = header.qdcount();
        int[] counts = {header.ancount(), header.nscount(), header.arcount()};
        for (int i = 0; i < qd; i++) {
            if (qCount + rCount >= MAX_RECORDS) {
                events |= DnsEvents.TOO_MANY_RECORDS;
                return true;
            }
            int n = readName(reader, pos);
            if (n < 0 || reader.end + 4 > len) {
                events |= DnsEvents.MALFORMED_DATA;
                return true;
            }
            pos = reader.end;
            if (qCount == qName.length) {
                qName = Arrays.copyOf(qName, qCount * 2);
                qType = Arrays.copyOf(qType, qCount * 2);
            }
            qName[qCount] = n;
            qType[qCount] = u16(pos);
            qCount++;
            pos += 4;
        }
        for (int s = 0; s < 3; s++) {
            sectionStart[s] = rCount;
            for (int i = 0; i < counts[s]; i++) {
                if (qCount + rCount >= MAX_RECORDS) {
                    events |= DnsEvents.TOO_MANY_RECORDS;
                    finishResponseNames();
                    return true;
                }
                pos = record(reader, pos, s);
                if (pos < 0) {
                    events |= DnsEvents.MALFORMED_DATA;
                    finishResponseNames();
                    return true;
                }
                sectionCount[s]++;
            }
        }
        finishResponseNames();
        return true;
    }

    /** Parses one resource record at {@code pos}; returns the offset after it, -1 when it is cut or bad. */
    private int record(DnsNames reader, int pos, int section) {
        int n = readName(reader, pos);
        if (n < 0 || reader.end + 10 > msgLen) {
            return -1;
        }
        pos = reader.end;
        int type = u16(pos);
        long ttl = (long) u16(pos + 4) << 16 | u16(pos + 6);
        int rdlen = u16(pos + 8);
        int data = pos + 10;
        if (data + rdlen > msgLen) {
            return -1;
        }
        if (rCount == rSection.length) {
            int c = rCount * 2;
            rSection = Arrays.copyOf(rSection, c);
            rName = Arrays.copyOf(rName, c);
            rType = Arrays.copyOf(rType, c);
            rTtl = Arrays.copyOf(rTtl, c);
            rDataOff = Arrays.copyOf(rDataOff, c);
            rDataLen = Arrays.copyOf(rDataLen, c);
            rDataName = Arrays.copyOf(rDataName, c);
        }
        int r = rCount++;
        rSection[r] = section;
        rName[r] = n;
        rType[r] = type;
        rTtl[r] = ttl;
        rDataOff[r] = data;
        rDataLen[r] = rdlen;
        rDataName[r] = -1;
        int nameAt = type == TYPE_CNAME || type == TYPE_NS || type == TYPE_PTR ? data
                : type == TYPE_MX && rdlen > 2 ? data + 2 : -1;
        if (nameAt >= 0) {
            // a name in the data may be compressed against the whole message, but must end inside the data
            int dn = readName(reader, nameAt);
            if (dn >= 0 && reader.end <= data + rdlen) {
                rDataName[r] = dn;
            }
        }
        return data + rdlen;
    }

    /** Reads a name into the names store; returns its index or -1 (events recorded). */
    private int readName(DnsNames reader, int pos) {
        if (names.length - namesLen < DnsNames.MAX_NAME) {
            names = Arrays.copyOf(names, names.length * 2 + DnsNames.MAX_NAME);
        }
        boolean ok = reader.read(msg, 0, msgLen, pos, names, namesLen);
        events |= reader.events;
        if (!ok) {
            return -1;
        }
        if (nameCount == nameOff.length) {
            nameOff = Arrays.copyOf(nameOff, nameCount * 2);
            nameLen = Arrays.copyOf(nameLen, nameCount * 2);
        }
        nameOff[nameCount] = namesLen;
        nameLen[nameCount] = reader.length;
        namesLen += reader.length;
        return nameCount++;
    }

    private void finishResponseNames() {
        if (!response()) {
            return;
        }
        for (int i = 0; i < qCount; i++) {
            addResponseName(qName[i]);
        }
        for (int r = 0; r < rCount; r++) {
            addResponseName(rName[r]);
            if (rDataName[r] >= 0) {
                addResponseName(rDataName[r]);
            }
        }
    }

    private void addResponseName(int n) {
        if (responseNameCount == responseNames.length) {
            responseNames = Arrays.copyOf(responseNames, responseNameCount * 2);
        }
        responseNames[responseNameCount++] = n;
    }

    private int u16(int at) {
        return (msg[at] & 0xff) << 8 | (msg[at + 1] & 0xff);
    }

    // ---------------------------------------------------------------- TxView

    @Override
    public boolean buffer(Buffer b, int index, DetectContext ctx) {
        int n;
        switch (b) {
            case DNS_QUERY:
                if (response() || index >= qCount) {
                    return false;
                }
                n = qName[index];
                break;
            case DNS_QUERIES_RRNAME:
                if (index >= qCount) {
                    return false;
                }
                n = qName[index];
                break;
            case DNS_ANSWERS_RRNAME:
                n = sectionName(SECTION_ANSWER, index);
                break;
            case DNS_AUTHORITIES_RRNAME:
                n = sectionName(SECTION_AUTHORITY, index);
                break;
            case DNS_ADDITIONALS_RRNAME:
                n = sectionName(SECTION_ADDITIONAL, index);
                break;
            case DNS_RESPONSE_RRNAME:
                n = index < responseNameCount ? responseNames[index] : -1;
                break;
            default:
                return false;
        }
        if (n < 0) {
            return false;
        }
        ctx.setAppBuffer(names, nameOff[n], nameLen[n]);
        return true;
    }

    private int sectionName(int section, int index) {
        return index < sectionCount[section] ? rName[sectionStart[section] + index] : -1;
    }

    @Override
    public long field(TxField f, int index) {
        switch (f) {
            case DNS_OPCODE:
                return index == 0 ? opcode() : -1;
            case DNS_RCODE:
                return index == 0 ? rcode() : -1;
            case DNS_RRTYPE:
                return index < qCount ? qType[index] : -1;
            default:
                return -1;
        }
    }

    @Override
    public String eveObject() {
        return DnsEve.render(this);
    }
}
