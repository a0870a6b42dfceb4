package dev.sluice.signatures.transform;

/** to_md5: the buffer becomes its MD5 digest, 16 raw bytes. */
public final class ToMd5 extends DigestTransform {
    public static final ToMd5 INSTANCE = new ToMd5();

    private ToMd5() {
        super("MD5", 16, "to_md5");
    }
}
