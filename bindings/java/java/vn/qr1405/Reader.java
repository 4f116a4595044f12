package vn.qr1405;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of Vietnam's personal health QR code (Decision 1405): a signed trust list checked
 * against its root key (or none), and a policy. Close it to free the native reader; a reader may
 * be shared between threads.
 *
 * <pre>{@code
 * try (Reader reader = new Reader(trustListJson, rootPublicKey)) {
 *     Reading reading = reader.read(scannedText);
 *     if (reading instanceof Reading.Accept accept) { show(accept.fields()); }
 * }
 * }</pre>
 */
public final class Reader implements AutoCloseable {
    private long handle;

    /** A reader with a trust list (JSON bytes) and its root public key, default policy. */
    public Reader(byte[] trustListJson, String rootPublicKey) {
        this(trustListJson, rootPublicKey, true, true, false);
    }

    /**
     * A reader with a policy (docs/reader.md); null trust list and key read without a trust
     * list. Throws IllegalArgumentException for a malformed list or key.
     */
    public Reader(byte[] trustListJson, String rootPublicKey, boolean acceptUnsigned,
            boolean acceptCitizenCard, boolean requireGreen) {
        handle = Native.newReader(trustListJson, rootPublicKey, acceptUnsigned, acceptCitizenCard,
                requireGreen);
    }

    /** A reader without a trust list: signatures are not checked. */
    public static Reader withoutTrustList() {
        return new Reader(null, null, true, true, false);
    }

    /** Reads a scanned text now. */
    public Reading read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    /** Reads a scanned text (any bytes) at a clock. */
    public synchronized Reading read(byte[] text, Instant at) {
        return reading(Native.readText(live(), text, at.getEpochSecond()));
    }

    /** Reads the first code in a picture (PNG, JPEG, WebP, BMP or GIF) at a clock. */
    public synchronized Reading readImage(byte[] image, Instant at) {
        return reading(Native.readImage(live(), image, at.getEpochSecond()));
    }

    private long live() {
        if (handle == 0) {
            throw new IllegalStateException("the reader is closed");
        }
        return handle;
    }

    @Override
    public synchronized void close() {
        Native.freeReader(handle);
        handle = 0;
    }

    /** The full and masked codes of a person's record given as JSON. */
    public static String[] displayCodes(String recordJson) {
        return Native.displayCodes(recordJson);
    }

    /** A code drawn as PNG, {@code modulePx} pixels a module. */
    public static byte[] renderPng(String text, int modulePx) {
        return Native.renderPng(text, modulePx, 0, 0);
    }

    /** A code drawn as PNG, {@code sizeMm} millimetres a side at {@code dpi}. */
    public static byte[] renderPngForPrint(String text, double sizeMm, int dpi) {
        return Native.renderPng(text, 0, sizeMm, dpi);
    }

    /** A code drawn as SVG, {@code modulePx} pixels a module. */
    public static String renderSvg(String text, int modulePx) {
        return Native.renderSvg(text, modulePx, 0, 0);
    }

    /**
     * The reading from the parts the native read returns: {@code {String[] scalars, String[]
     * fields, String[] reasons}}, where an accept's scalars are kind, display form, text, the
     * signature's verdict, issuer id, issuer name, key id and signing time, and the green
     * claim's status, scope, rules, end and passes ({@code "true"}, or all null without a
     * claim); a refusal's are its kind alone and its fields are null. Fields alternate name and
     * value; reasons are code, message, field and position (decimal), four a reason.
     */
    static Reading reading(Object[] parts) {
        String[] s = (String[]) parts[0];
        String[] f = (String[]) parts[1];
        List<Reading.Reason> reasons = reasons((String[]) parts[2]);
        if (f == null) {
            return new Reading.Refuse(s[0], reasons, null);
        }
        Map<String, String> fields = new LinkedHashMap<>(f.length);
        for (int i = 0; i < f.length; i += 2) {
            fields.put(f[i], f[i + 1]);
        }
        Reading.Signature signature = new Reading.Signature(s[3], s[4], s[5], s[6], s[7]);
        Reading.Green green = s[8] == null ? null
                : new Reading.Green(s[8], s[9], s[10], s[11], "true".equals(s[12]));
        return new Reading.Accept(s[0], s[1], Collections.unmodifiableMap(fields), signature,
                green, reasons, s[2], null);
    }

    private static List<Reading.Reason> reasons(String[] r) {
        if (r.length == 0) {
            return Collections.emptyList();
        }
        Reading.Reason[] out = new Reading.Reason[r.length / 4];
        for (int i = 0; i < out.length; i++) {
            String position = r[4 * i + 3];
            out[i] = new Reading.Reason(r[4 * i], r[4 * i + 1], r[4 * i + 2],
                    position == null ? null : Long.valueOf(position));
        }
        return Collections.unmodifiableList(Arrays.asList(out));
    }
}
