package vn.qr1405;

import java.util.List;
import java.util.Map;

/** What a reader made of a scanned code: an {@link Accept} or a {@link Refuse} (docs/reader.md). */
public sealed interface Reading permits Reading.Accept, Reading.Refuse {
    /** The kind of code: personal-code, cccd, tokhaiyte-check-in, eu-dcc or unknown. */
    String kind();

    /**
     * The reading as the Rust library's JSON, byte for byte. A reading from a {@link Reader}
     * holds none until asked: it is written from the record's components on each call.
     */
    String json();

    /** Whether the code is accepted. */
    default boolean accepted() {
        return this instanceof Accept;
    }

    /** One problem with a scanned code, under a stable code; field and position may be null. */
    record Reason(String code, String message, String field, Long position) {}

    /** The signature's verdict (valid, unsigned, not-checked, not-applicable) and issuer. */
    record Signature(String verdict, String issuerId, String issuerName, String keyId, String signedAt) {}

    /** The green-card claim: status, scope (may be null), rules, validUntil (may be null). */
    record Green(String status, String scope, String rules, String validUntil, boolean passes) {}

    /**
     * A code the reader accepts; green is null when the code carries no claim. The json
     * component is null in a reading from a {@link Reader}: {@link #json()} writes it.
     */
    record Accept(String kind, String displayForm, Map<String, String> fields, Signature signature,
            Green green, List<Reason> warnings, String text, String json) implements Reading {
        @Override
        public String json() {
            return json != null ? json : Json.write(this);
        }
    }

    /**
     * A code the reader refuses, with every reason. The json component is null in a reading
     * from a {@link Reader}: {@link #json()} writes it.
     */
    record Refuse(String kind, List<Reason> reasons, String json) implements Reading {
        @Override
        public String json() {
            return json != null ? json : Json.write(this);
        }

        /** The reasons' stable codes. */
        public List<String> codes() {
            return reasons.stream().map(Reason::code).toList();
        }
    }
}
