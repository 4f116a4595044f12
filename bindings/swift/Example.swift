// Reading a scanned code from Swift through the C ABI (docs/bindings.md, Swift).
//
// Build the library (`cargo build --release -p qr1405-c`), then, for example on Linux or macOS:
//   swiftc -I bindings/c/include -L target/release -lqr1405 bindings/swift/Example.swift \
//       -o example && ./example conformance-vectors
// In Xcode: add `libqr1405.a` (built for each Apple target) and `bindings/c/include` to the
// target's header search paths; `import QR1405` then finds the module map.
import Foundation
import QR1405

/// What a reader made of a scanned code, as Swift types.
enum Reading {
    case accept(kind: String, fields: [String: String], signature: String)
    case refuse(kind: String, reasons: [String])
}

/// Takes a string the library returned and frees it.
func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
    guard let pointer = pointer else { return nil }
    defer { qr1405_string_free(pointer) }
    return String(cString: pointer)
}

final class Reader {
    private let handle: OpaquePointer

    init(trustList: String, rootPublicKey: String) throws {
        var handle: OpaquePointer?
        var error: UnsafeMutablePointer<CChar>?
        let status = qr1405_reader_new(trustList, rootPublicKey, &handle, &error)
        guard status == QR1405_STATUS_OK, let made = handle else {
            throw NSError(domain: "qr1405", code: Int(status.rawValue),
                          userInfo: [NSLocalizedDescriptionKey: take(error) ?? "unknown error"])
        }
        self.handle = made
    }

    deinit { qr1405_reader_free(handle) }

    func read(_ text: [UInt8], at: Date = Date()) throws -> Reading {
        var reading: OpaquePointer?
        var error: UnsafeMutablePointer<CChar>?
        let status = qr1405_read_text(handle, text, text.count, Int64(at.timeIntervalSince1970),
                                      &reading, &error)
        guard status == QR1405_STATUS_OK, let result = reading else {
            throw NSError(domain: "qr1405", code: Int(status.rawValue),
                          userInfo: [NSLocalizedDescriptionKey: take(error) ?? "unknown error"])
        }
        defer { qr1405_reading_free(result) }
        let kind = String(cString: qr1405_reading_kind(result))
        if qr1405_reading_is_accept(result) {
            var fields: [String: String] = [:]
            for name in ["document_number", "full_name", "birth_date", "qid", "gender", "phone"] {
                fields[name] = take(qr1405_reading_field(result, name))
            }
            let signature = String(cString: qr1405_reading_signature(result))
            return .accept(kind: kind, fields: fields, signature: signature)
        }
        let reasons = (0..<qr1405_reading_reason_count(result)).compactMap {
            take(qr1405_reading_reason_code(result, $0))
        }
        return .refuse(kind: kind, reasons: reasons)
    }
}

let folder = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "conformance-vectors"
let trust = try String(contentsOfFile: "\(folder)/trust-list.json", encoding: .utf8)
let root = try String(contentsOfFile: "\(folder)/root.pub", encoding: .utf8)
let reader = try Reader(trustList: trust, rootPublicKey: root)
let text = "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700"
print(try reader.read(Array(text.utf8)))
