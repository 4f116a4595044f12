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
     * The reading from the parts the native read returns, one string of length-prefixed parts
     * (the layout is that of {@code Parts} in bindings/java/src/lib.rs): each part is its
     * length in two chars (high, low; both 0xffff for null) then its text; a count is a length
     * with no text after it.
     */
    static Reading reading(String parts) {
        Parts p = new Parts(parts);
        if (p.count() == 0) {
            String kind = p.next();
            return new Reading.Refuse(kind, p.reasons(), null);
        }
        String kind = p.next();
        String displayForm = p.next();
        String text = p.next();
        Reading.Signature signature = new Reading.Signature(p.next(), p.next(), p.next(), p.next(),
                p.next());
        String status = p.next();
        String scope = p.next();
        String rules = p.next();
        String validUntil = p.next();
        String passes = p.next();
        Reading.Green green = status == null ? null
                : new Reading.Green(status, scope, rules, validUntil, "true".equals(passes));
        int count = p.count();
        Map<String, String> fields = new LinkedHashMap<>(2 * count);
        for (int i = 0; i < count; i++) {
            fields.put(p.next(), p.next());
        }
        return new Reading.Accept(kind, displayForm, Collections.unmodifiableMap(fields), signature,
                green, p.reasons(), text, null);
    }

    /** A cursor over the parts of a reading. */
    private static final class Parts {
        private final String parts;
        private int at;

        Parts(String parts) {
            this.parts = parts;
        }

        int count() {
            int n = (parts.charAt(at) << 16) | parts.charAt(at + 1);
            at += 2;
            return n;
        }

        String next() {
            int length = count();
            if (length == -1) {
                return null;
            }
            at += length;
            return parts.substring(at - length, at);
        }

        List<Reading.Reason> reasons() {
            int count = count();
            if (count == 0) {
                return Collections.emptyList();
            }
            Reading.Reason[] reasons = new Reading.Reason[count];
            for (int i = 0; i < count; i++) {
                String code = next();
                String message = next();
                String field = next();
                String position = next();
                reasons[i] = new Reading.Reason(code, message, field,
                        position == null ? null : Long.valueOf(position));
            }
            return Collections.unmodifiableList(Arrays.asList(reasons));
        }
    }
}
