package dev.sluice.signatures.transform;

import dev.sluice.signatures.RuleException;

/** zlib_deflate[:max-size N]: the buffer becomes the inflated content of the zlib stream it holds. */
public final class ZlibDeflate extends Decompress {
    public ZlibDeflate(int maxSize) {
        super(maxSize, "zlib_deflate", false);
    }

    public static ZlibDeflate parse(String value) throws RuleException {
        return new ZlibDeflate(parseMaxSize("zlib_deflate", value));
    }
}
