package vn.qr1405;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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

    @SuppressWarnings("unchecked")
    static Reading reading(String json) {
        Map<String, Object> data = (Map<String, Object>) Json.parse(json);
        String kind = (String) data.get("kind");
        if ("refuse".equals(data.get("verdict"))) {
            return new Reading.Refuse(kind, reasons(data.get("reasons")), json);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        ((Map<String, Object>) data.get("fields")).forEach((k, v) -> fields.put(k, (String) v));
        Map<String, Object> s = (Map<String, Object>) data.get("signature");
        Reading.Signature signature = new Reading.Signature((String) s.get("verdict"),
                (String) s.get("issuer_id"), (String) s.get("issuer_name"), (String) s.get("key_id"),
                (String) s.get("signed_at"));
        Map<String, Object> g = (Map<String, Object>) data.get("green");
        Reading.Green green = g == null ? null
                : new Reading.Green((String) g.get("status"), (String) g.get("scope"),
                        (String) g.get("rules"), (String) g.get("valid_until"),
                        Boolean.TRUE.equals(g.get("passes")));
        return new Reading.Accept(kind, (String) data.get("display_form"),
                Collections.unmodifiableMap(fields), signature, green, reasons(data.get("warnings")),
                (String) data.get("text"), json);
    }

    @SuppressWarnings("unchecked")
    private static List<Reading.Reason> reasons(Object list) {
        List<Reading.Reason> out = new ArrayList<>();
        for (Object item : (List<Object>) list) {
            Map<String, Object> r = (Map<String, Object>) item;
            out.add(new Reading.Reason((String) r.get("code"), (String) r.get("message"),
                    (String) r.get("field"), (Long) r.get("position")));
        }
        return Collections.unmodifiableList(out);
    }
}
