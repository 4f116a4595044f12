package vn.qr1405;

import java.util.List;
import java.util.Map;

/**
 * Writes a reading as the Rust library's JSON ({@code Reading::to_json}), byte for byte: the
 * same keys in the same order, absent optional reason parts and green scope left out, strings
 * escaped as serde_json escapes them. The shared golden cases check it for every case.
 */
final class Json {
    private Json() {}

    static String write(Reading reading) {
        StringBuilder out = new StringBuilder(512);
        if (reading instanceof Reading.Accept accept) {
            out.append("{\"verdict\":\"accept\",\"kind\":");
            string(out, accept.kind());
            out.append(",\"display_form\":");
            string(out, accept.displayForm());
            out.append(",\"fields\":{");
            boolean first = true;
            for (Map.Entry<String, String> field : accept.fields().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, field.getKey());
                out.append(':');
                string(out, field.getValue());
            }
            Reading.Signature signature = accept.signature();
            out.append("},\"signature\":{\"verdict\":");
            string(out, signature.verdict());
            member(out, "issuer_id", signature.issuerId());
            member(out, "issuer_name", signature.issuerName());
            member(out, "key_id", signature.keyId());
            member(out, "signed_at", signature.signedAt());
            out.append("},\"green\":");
            Reading.Green green = accept.green();
            if (green == null) {
                out.append("null");
            } else {
                out.append("{\"status\":");
                string(out, green.status());
                member(out, "scope", green.scope());
                out.append(",\"rules\":");
                string(out, green.rules());
                out.append(",\"valid_until\":");
                string(out, green.validUntil());
                out.append(",\"passes\":").append(green.passes()).append('}');
            }
            out.append(",\"warnings\":");
            reasons(out, accept.warnings());
            out.append(",\"text\":");
            string(out, accept.text());
        } else {
            Reading.Refuse refuse = (Reading.Refuse) reading;
            out.append("{\"verdict\":\"refuse\",\"kind\":");
            string(out, refuse.kind());
            out.append(",\"reasons\":");
            reasons(out, refuse.reasons());
        }
        return out.append('}').toString();
    }

    private static void reasons(StringBuilder out, List<Reading.Reason> reasons) {
        out.append('[');
        for (int i = 0; i < reasons.size(); i++) {
            Reading.Reason reason = reasons.get(i);
            out.append(i == 0 ? "{\"code\":" : ",{\"code\":");
            string(out, reason.code());
            out.append(",\"message\":");
            string(out, reason.message());
            member(out, "field", reason.field());
            if (reason.position() != null) {
                out.append(",\"position\":").append(reason.position().longValue());
            }
            out.append('}');
        }
        out.append(']');
    }

    /** {@code ,"name":value}, or nothing for a null value (a member Rust leaves out). */
    private static void member(StringBuilder out, String name, String value) {
        if (value != null) {
            out.append(",\"").append(name).append("\":");
            string(out, value);
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** A JSON string as serde_json writes it (only quote, backslash and controls escaped). */
    private static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(value, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        out.append(value, start, value.length()).append('"');
    }
}
