import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;

import vn.qr1405.Reader;
import vn.qr1405.Reading;

/**
 * The Java binding: typed readings, errors, the display side, and the shared golden cases.
 * Run from the repository root (bindings/java/test.sh); exits 1 naming every failed check.
 */
public final class ReaderTest {
    private static int checks;
    private static int failures;

    private static void check(boolean ok, String what) {
        checks++;
        if (!ok) {
            failures++;
            System.err.println("FAIL " + what);
        }
    }

    private static void throwsIllegalArgument(Runnable call, String fragment, String what) {
        try {
            call.run();
            check(false, what + ": no exception");
        } catch (IllegalArgumentException e) {
            check(e.getMessage() != null && e.getMessage().contains(fragment),
                    what + ": message " + e.getMessage());
        } catch (RuntimeException e) {
            check(false, what + ": " + e);
        }
    }

    static final String OFFICIAL =
            "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700";
    static final Instant AT = Instant.parse("2022-06-01T01:00:00Z");

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Path vectors = root.resolve("conformance-vectors");
        byte[] list = Files.readAllBytes(vectors.resolve("trust-list.json"));
        String key = Files.readString(vectors.resolve("root.pub"));
        try (Reader reader = new Reader(list, key)) {
            Reading reading = reader.read(OFFICIAL.getBytes(StandardCharsets.UTF_8), AT);
            check(reading instanceof Reading.Accept, "the official example is accepted");
            if (reading instanceof Reading.Accept accept) {
                check(accept.kind().equals("personal-code"), "kind " + accept.kind());
                check("NGUYEN LE KHA HAN".equals(accept.fields().get("full_name")), "full_name");
                check(accept.signature().verdict().equals("unsigned"), "unsigned");
                check(accept.green() == null, "no claim");
            }

            readingsAreRecords(reading);

            Reading signed = reader.readImage(
                    Files.readAllBytes(vectors.resolve("vectors/signed-official-example-full.png")), AT);
            check(signed instanceof Reading.Accept a && a.signature().verdict().equals("valid")
                    && a.signature().issuerName() != null, "a signed picture names its issuer: " + signed.json());

            Reading bad = reader.read("|nguyen van a|1987-02-30|0||".getBytes(StandardCharsets.UTF_8), AT);
            check(bad instanceof Reading.Refuse r && r.codes().equals(List.of("document-number-missing",
                    "full-name-lowercase", "birth-date-invalid", "qid-missing")), "every reason: " + bad.json());
            if (bad instanceof Reading.Refuse r) {
                Reading.Reason date = r.reasons().get(2);
                check("birth_date".equals(date.field()) && Long.valueOf(14).equals(date.position()),
                        "field and position");
            }

            // Bad input is refused, never thrown.
            byte[] huge = new byte[32 << 20];
            Arrays.fill(huge, (byte) 'A');
            Reading hugeReading = reader.read(huge, AT);
            check(hugeReading instanceof Reading.Refuse r && r.codes().equals(List.of("unknown-format")), "huge text");
            byte[] png = Reader.renderPng(OFFICIAL, 4);
            Reading truncated = reader.readImage(Arrays.copyOf(png, png.length / 2), AT);
            check(truncated instanceof Reading.Refuse r && r.codes().equals(List.of("image-unreadable")),
                    "truncated picture");
            check(reader.read(new byte[] {(byte) 0xff, 0, '|'}, AT) instanceof Reading.Refuse, "not utf-8");

            // Bad arguments throw, naming the problem.
            throwsIllegalArgument(() -> reader.read((byte[]) null, AT), "text is null", "null text");
            throwsIllegalArgument(() -> reader.readImage(null, AT), "image is null", "null image");
            throwsIllegalArgument(() -> reader.read(new byte[] {'A'}, Instant.ofEpochSecond(-1)), "clock", "clock");
            goldenCases(reader, root);
        }
        throwsIllegalArgument(() -> new Reader("{}".getBytes(), "not a key"), "root public key", "bad key");
        throwsIllegalArgument(() -> new Reader("{}".getBytes(), key), "trust list", "bad list");
        throwsIllegalArgument(() -> new Reader("{}".getBytes(), null, true, true, false), "or neither", "half");
        throwsIllegalArgument(() -> Reader.displayCodes("[]"), "record", "array record");
        throwsIllegalArgument(() -> Reader.displayCodes(null), "recordJson is null", "null record");
        throwsIllegalArgument(() -> Reader.renderPng("", 4), "empty", "empty text");
        throwsIllegalArgument(() -> Reader.renderPng("A", -1), "negative", "negative size");

        Reader closed = Reader.withoutTrustList();
        closed.close();
        closed.close();
        try {
            closed.read(OFFICIAL);
            check(false, "a closed reader reads");
        } catch (IllegalStateException e) {
            check(e.getMessage().contains("closed"), "closed: " + e.getMessage());
        }

        try (Reader strict = new Reader(null, null, false, true, false)) {
            Reading unsigned = strict.read(OFFICIAL.getBytes(StandardCharsets.UTF_8), AT);
            check(unsigned instanceof Reading.Refuse r && r.codes().equals(List.of("unsigned")), "policy");
        }

        String[] codes = Reader.displayCodes("{\"document_number\": \"001087029317\", \"full_name\": "
                + "\"Nguyễn Lê Khả Hân\", \"birth_date\": \"1987-01-18\", \"qid\": \"162979388586171100\"}");
        check(codes[0].equals("001087029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|"), "full " + codes[0]);
        check(codes[1].equals("******029317|NGUYEN LE KHA HAN|1987-**-**|0|162979388586171100|"), "masked " + codes[1]);
        check(Reader.renderSvg(codes[1], 4).contains("<svg"), "svg");
        try (Reader plain = Reader.withoutTrustList()) {
            Reading drawn = plain.readImage(Reader.renderPngForPrint(codes[0], 50, 300), AT);
            check(drawn instanceof Reading.Accept a && a.text().equals(codes[0]), "print png reads back");
        }

        System.out.println(checks + " checks, " + failures + " failed");
        System.exit(failures == 0 ? 0 : 1);
    }

    /**
     * A reading is made of plain records, equal to ones built by hand; its JSON is written on
     * demand, escaped as the Rust library escapes it.
     */
    private static void readingsAreRecords(Reading reading) {
        if (!(reading instanceof Reading.Accept accept)) {
            check(false, "records: not an accept");
            return;
        }
        Reading.Accept byHand = new Reading.Accept("personal-code", "full", new LinkedHashMap<>(accept.fields()),
                new Reading.Signature("unsigned", null, null, null, null), null,
                List.of(new Reading.Reason("cccd-birth-year-mismatch", "citizen number \"001093029317\" is for "
                        + "someone born in 1993, but the date of birth is in 1987", "document_number", 4L)),
                OFFICIAL, null);
        check(accept.equals(byHand) && accept.hashCode() == byHand.hashCode(), "equal to a record by hand: " + accept);
        check(accept.json().equals(byHand.json()), "the same json as a record by hand: " + byHand.json());
        check(accept.json().startsWith("{\"verdict\":\"accept\",\"kind\":\"personal-code\",\"display_form\":\"full\","
                + "\"fields\":{\"birth_date\":\"1987-01-18\","), "json " + accept.json());
        check(new Reading.Refuse("unknown", List.of(), "{}").json().equals("{}"), "a json given is kept");
        unsupported(() -> accept.fields().put("phone", "0"), "fields are read-only");
        unsupported(() -> accept.warnings().clear(), "warnings are read-only");
        Reading.Refuse odd = new Reading.Refuse("unknown", List.of(new Reading.Reason("c",
                "q\" b\\ n\n t\t r\r \u0001\u001f\u007f é \uD83D\uDE00 /", null, null)), null);
        check(odd.json().equals("{\"verdict\":\"refuse\",\"kind\":\"unknown\",\"reasons\":[{\"code\":\"c\","
                + "\"message\":\"q\\\" b\\\\ n\\n t\\t r\\r \\u0001\\u001f\u007f é \uD83D\uDE00 /\"}]}"),
                "escapes as serde_json: " + odd.json());
    }

    private static void unsupported(Runnable call, String what) {
        try {
            call.run();
            check(false, what);
        } catch (UnsupportedOperationException e) {
            checks++;
        }
    }

    /** Every golden case through the binding, compared with Rust's JSON byte for byte. */
    private static void goldenCases(Reader reader, Path root) throws Exception {
        List<String> lines = Files.readAllLines(root.resolve("bindings/golden/reader-cases.tsv"));
        int cases = 0;
        for (String line : lines) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 5);
            Instant at = Instant.ofEpochSecond(Long.parseLong(f[3]));
            Reading reading = f[1].equals("text")
                    ? reader.read(HexFormat.of().parseHex(f[2]), at)
                    : reader.readImage(Files.readAllBytes(root.resolve(f[2])), at);
            check(reading.json().equals(f[4]), "golden case " + f[0] + " (" + f[1] + "): expected\n  " + f[4]
                    + "\ngot\n  " + reading.json());
            check(reading.accepted() == f[4].startsWith("{\"verdict\":\"accept\""), "golden verdict " + f[0]);
            cases++;
        }
        check(cases >= 200, "only " + cases + " golden cases");
        System.out.println("golden: " + cases + " cases");
    }
}
