import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import vn.qr1405.Reader;

/** Times Reader.read through the Java binding (scripts/bench-bindings.sh): "name<TAB>ns". */
public final class ReaderBench {
    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        Path vectors = Path.of("conformance-vectors");
        Instant at = Instant.ofEpochSecond(1654045200L);
        try (Reader reader = new Reader(Files.readAllBytes(vectors.resolve("trust-list.json")),
                Files.readString(vectors.resolve("root.pub")))) {
            for (String line : Files.readAllLines(Path.of("scripts/bench-texts.txt"))) {
                if (line.startsWith("#") || !line.contains("\t")) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                byte[] text = parts[1].getBytes(StandardCharsets.UTF_8);
                // Warm up the JIT well before timing, however few the timed reads.
                for (int i = 0; i < Math.max(iterations, 20000); i++) {
                    reader.read(text, at);
                }
                long start = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    reader.read(text, at);
                }
                System.out.println(parts[0] + "\t" + (System.nanoTime() - start) / iterations);
            }
        }
    }
}
