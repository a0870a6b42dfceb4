package dev.sluice.signatures.transform;

/** to_sha1: the buffer becomes its SHA-1 digest, 20 raw bytes. */
public final class ToSha1 extends DigestTransform {
    public static final ToSha1 INSTANCE = new ToSha1();

    private ToSha1() {
        super("SHA-1", 20, "to_sha1");
    }
}
