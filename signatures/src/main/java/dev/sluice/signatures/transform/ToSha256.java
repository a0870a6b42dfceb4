package dev.sluice.signatures.transform;

/** to_sha256: the buffer becomes its SHA-256 digest, 32 raw bytes. */
public final class ToSha256 extends DigestTransform {
    public static final ToSha256 INSTANCE = new ToSha256();

    private ToSha256() {
        super("SHA-256", 32, "to_sha256");
    }
}
