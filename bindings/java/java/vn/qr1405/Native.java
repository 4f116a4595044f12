package vn.qr1405;

/** The native methods of libqr1405_jni (bindings/java/src/lib.rs). Not for direct use. */
final class Native {
    static {
        String path = System.getProperty("qr1405.library");
        if (path != null) {
            System.load(path);
        } else {
            System.loadLibrary("qr1405_jni");
        }
    }

    private Native() {}

    static native long newReader(byte[] trustListJson, String rootPublicKey,
            boolean acceptUnsigned, boolean acceptCitizenCard, boolean requireGreen);

    static native void freeReader(long handle);

    /** A reading's parts, as {@link Reader#reading(String)} takes them. */
    static native String readText(long reader, byte[] text, long atUnixSeconds);

    /** A reading's parts, as {@link Reader#reading(String)} takes them. */
    static native String readImage(long reader, byte[] image, long atUnixSeconds);

    static native String[] displayCodes(String recordJson);

    static native byte[] renderPng(String text, int modulePx, double sizeMm, int dpi);

    static native String renderSvg(String text, int modulePx, double sizeMm, int dpi);
}
