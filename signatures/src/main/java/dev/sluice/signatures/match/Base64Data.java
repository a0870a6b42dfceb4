package dev.sluice.signatures.match;

/**
 * base64_data: marks where the items that inspect the base64_decode output start. In the buffer's
 * own pass the marker ends the item list.
 */
public final class Base64Data implements PayloadItem {
    public static final Base64Data MARKER = new Base64Data();

    private Base64Data() {
    }

    @Override
    public boolean relative() {
        return false;
    }

    @Override
    public String toString() {
        return "base64_data";
    }
}
