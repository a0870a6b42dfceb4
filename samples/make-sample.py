#!/usr/bin/env python3
"""Writes sample.pcap, the small built-in capture that `sluice pcap` runs on in the README.

Five conversations between a client on the internet and a small web/mail host:
a clean page fetch, an SQL injection, a path traversal, a DNS lookup of a suspicious name and a
ping. Standard library only; the output is the same bytes on every run.
"""
import struct
import sys

CLIENT = bytes([203, 0, 113, 7])     # TEST-NET-3, outside HOME_NET
SERVER = bytes([192, 168, 1, 10])    # inside HOME_NET
DNS = bytes([192, 168, 1, 1])
T0 = 1_700_000_000


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ipv4(src, dst, proto, payload, ident):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0x4000, 64, proto, 0, src, dst)
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def tcp(src, dst, sport, dport, seq, ack, flags, data=b""):
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 64240, 0, 0)
    pseudo = struct.pack("!4s4sBBH", src, dst, 0, 6, len(hdr) + len(data))
    c = csum(pseudo + hdr + data)
    return hdr[:16] + struct.pack("!H", c) + hdr[18:] + data


def udp(src, dst, sport, dport, data):
    hdr = struct.pack("!HHHH", sport, dport, 8 + len(data), 0)
    pseudo = struct.pack("!4s4sBBH", src, dst, 0, 17, 8 + len(data))
    c = csum(pseudo + hdr + data) or 0xFFFF
    return hdr[:6] + struct.pack("!H", c) + data


def icmp_echo(kind, ident, seq, data):
    hdr = struct.pack("!BBHHH", kind, 0, 0, ident, seq)
    c = csum(hdr + data)
    return hdr[:2] + struct.pack("!H", c) + hdr[4:] + data


def ether(ip_packet):
    return b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00" + ip_packet


class Capture:
    def __init__(self):
        self.records = []
        self.t = 0
        self.ident = 1

    def add(self, src, dst, proto, l4):
        self.t += 1500
        frame = ether(ipv4(src, dst, proto, l4, self.ident))
        self.ident += 1
        self.records.append((T0 + self.t // 1_000_000, self.t % 1_000_000, frame))

    def conversation(self, sport, dport, request, response):
        c, s = 1000, 5000
        self.add(CLIENT, SERVER, 6, tcp(CLIENT, SERVER, sport, dport, c, 0, 0x02))
        self.add(SERVER, CLIENT, 6, tcp(SERVER, CLIENT, dport, sport, s, c + 1, 0x12))
        self.add(CLIENT, SERVER, 6, tcp(CLIENT, SERVER, sport, dport, c + 1, s + 1, 0x10))
        self.add(CLIENT, SERVER, 6, tcp(CLIENT, SERVER, sport, dport, c + 1, s + 1, 0x18, request))
        c += 1 + len(request)
        self.add(SERVER, CLIENT, 6, tcp(SERVER, CLIENT, dport, sport, s + 1, c, 0x18, response))
        s += 1 + len(response)
        self.add(CLIENT, SERVER, 6, tcp(CLIENT, SERVER, sport, dport, c, s, 0x11))
        self.add(SERVER, CLIENT, 6, tcp(SERVER, CLIENT, dport, sport, s, c + 1, 0x11))
        self.add(CLIENT, SERVER, 6, tcp(CLIENT, SERVER, sport, dport, c + 1, s + 1, 0x10))

    def write(self, path):
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
            for sec, usec, frame in self.records:
                f.write(struct.pack("<IIII", sec, usec, len(frame), len(frame)))
                f.write(frame)


def http(path):
    return ("GET %s HTTP/1.1\r\nHost: www.example.org\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n" % path).encode()


OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<p>hello</p>\n"
NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


def dns_query(name, ident):
    q = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    return struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0) + q + struct.pack("!HH", 1, 1)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "sample.pcap"
    cap = Capture()
    cap.conversation(40001, 80, http("/index.html"), OK)
    cap.conversation(40002, 80, http("/products.php?id=1%20UNION%20SELECT%20username,password%20FROM%20users"), NOT_FOUND)
    cap.conversation(40003, 80, http("/download.php?file=../../../../etc/passwd"), NOT_FOUND)
    cap.add(SERVER, DNS, 17, udp(SERVER, DNS, 53001, 53, dns_query("update.evil-c2.example", 0x1234)))
    cap.add(CLIENT, SERVER, 1, icmp_echo(8, 0x77, 1, b"abcdefghijklmnopqrstuvwabcdefghi"))
    cap.add(SERVER, CLIENT, 1, icmp_echo(0, 0x77, 1, b"abcdefghijklmnopqrstuvwabcdefghi"))
    cap.write(out)


if __name__ == "__main__":
    main()
