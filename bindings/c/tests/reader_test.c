/* Every call of the qr1405 C ABI, every error path, and the shared golden cases.
 *
 * Build and run (from the repository root; bindings/c/test.sh does this under valgrind):
 *   cc -std=c11 -Wall -Wextra -Werror -Ibindings/c/include bindings/c/tests/reader_test.c \
 *      -Ltarget/debug -lqr1405 -Wl,-rpath,$PWD/target/debug -o target/reader_test
 *   target/reader_test .
 * Exit 0 when every check passes; each failure is printed with its line or golden case. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qr1405.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond, ...)                                              \
    do {                                                              \
        checks++;                                                     \
        if (!(cond)) {                                                \
            failures++;                                               \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                             \
            fputc('\n', stderr);                                      \
        }                                                             \
    } while (0)

/* A whole file, NUL-terminated; *len without the NUL. Exits on failure. */
static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

static char *path_in(const char *root, const char *relative) {
    char *path = malloc(strlen(root) + strlen(relative) + 2);
    sprintf(path, "%s/%s", root, relative);
    return path;
}

static const char *OFFICIAL =
    "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700";
static const int64_t AT = 1654045200; /* 2022-06-01T01:00:00Z */

static Qr1405Reader *bundled_reader(const char *root) {
    char *list_path = path_in(root, "conformance-vectors/trust-list.json");
    char *key_path = path_in(root, "conformance-vectors/root.pub");
    char *list = slurp(list_path, NULL);
    char *key = slurp(key_path, NULL);
    Qr1405Reader *reader = NULL;
    char *error = NULL;
    Qr1405Status status = qr1405_reader_new(list, key, &reader, &error);
    CHECK(status == QR1405_STATUS_OK && reader && !error, "status %d: %s", status, error ? error : "");
    qr1405_string_free(error);
    free(list);
    free(key);
    free(list_path);
    free(key_path);
    return reader;
}

static void test_reading_calls(Qr1405Reader *reader) {
    Qr1405Reading *reading = NULL;
    char *error = NULL;
    CHECK(qr1405_read_text(reader, (const uint8_t *)OFFICIAL, strlen(OFFICIAL), AT, &reading, &error) == QR1405_STATUS_OK, "read");
    CHECK(error == NULL, "no error message on success");
    CHECK(qr1405_reading_is_accept(reading), "the official example is accepted");
    CHECK(strcmp(qr1405_reading_kind(reading), "personal-code") == 0, "kind");
    CHECK(strcmp(qr1405_reading_signature(reading), "unsigned") == 0, "signature");
    CHECK(qr1405_reading_issuer(reading) == NULL, "no issuer for an unsigned code");
    char *name = qr1405_reading_field(reading, "full_name");
    CHECK(name && strcmp(name, "NGUYEN LE KHA HAN") == 0, "full_name %s", name ? name : "(null)");
    qr1405_string_free(name);
    CHECK(qr1405_reading_field(reading, "no_such_field") == NULL, "absent field");
    CHECK(qr1405_reading_field(reading, NULL) == NULL, "NULL field name");
    CHECK(qr1405_reading_field(reading, "\xff\xfe") == NULL, "field name not utf-8");
    CHECK(qr1405_reading_reason_count(reading) == 0, "an acceptance has no reasons");
    CHECK(qr1405_reading_reason_code(reading, 0) == NULL, "no reason 0");
    char *json = qr1405_reading_json(reading);
    CHECK(json && strncmp(json, "{\"verdict\":\"accept\"", 19) == 0, "json %s", json ? json : "(null)");
    qr1405_string_free(json);
    qr1405_reading_free(reading);

    /* Every reason of a refusal. */
    const char *bad = "|nguyen van a|1987-02-30|0||";
    reading = NULL;
    CHECK(qr1405_read_text(reader, (const uint8_t *)bad, strlen(bad), AT, &reading, NULL) == QR1405_STATUS_OK, "read bad");
    CHECK(!qr1405_reading_is_accept(reading), "refused");
    CHECK(qr1405_reading_signature(reading) == NULL, "no signature verdict when refused");
    CHECK(qr1405_reading_field(reading, "full_name") == NULL, "no fields when refused");
    size_t count = qr1405_reading_reason_count(reading);
    CHECK(count == 4, "4 reasons, got %zu", count);
    const char *expected[] = {"document-number-missing", "full-name-lowercase", "birth-date-invalid", "qid-missing"};
    for (size_t i = 0; i < count && i < 4; i++) {
        char *code = qr1405_reading_reason_code(reading, i);
        char *message = qr1405_reading_reason_message(reading, i);
        CHECK(code && strcmp(code, expected[i]) == 0, "reason %zu: %s", i, code ? code : "(null)");
        CHECK(message && strlen(message) > 0, "message %zu", i);
        qr1405_string_free(code);
        qr1405_string_free(message);
    }
    CHECK(qr1405_reading_reason_code(reading, 99) == NULL, "reason out of range");
    CHECK(qr1405_reading_reason_message(reading, 99) == NULL, "message out of range");
    qr1405_reading_free(reading);

    /* Any bytes: NUL, not UTF-8, empty, huge. */
    const uint8_t odd[] = {'0', 0, 0xff, '|', 0xfe};
    reading = NULL;
    CHECK(qr1405_read_text(reader, odd, sizeof odd, AT, &reading, NULL) == QR1405_STATUS_OK, "odd bytes");
    CHECK(!qr1405_reading_is_accept(reading), "odd bytes refused");
    qr1405_reading_free(reading);
    reading = NULL;
    CHECK(qr1405_read_text(reader, NULL, 0, AT, &reading, NULL) == QR1405_STATUS_OK, "empty text");
    CHECK(strcmp(qr1405_reading_kind(reading), "unknown") == 0, "empty is unknown");
    qr1405_reading_free(reading);
    size_t huge_len = 64u << 20;
    uint8_t *huge = malloc(huge_len);
    memset(huge, 'A', huge_len);
    reading = NULL;
    CHECK(qr1405_read_text(reader, huge, huge_len, AT, &reading, NULL) == QR1405_STATUS_OK, "huge text");
    CHECK(!qr1405_reading_is_accept(reading), "huge text refused");
    char *code = qr1405_reading_reason_code(reading, 0);
    CHECK(code && strcmp(code, "unknown-format") == 0, "huge: %s", code ? code : "(null)");
    qr1405_string_free(code);
    qr1405_reading_free(reading);
    free(huge);

    /* Pictures: drawn, truncated, not a picture. */
    uint8_t *png = NULL;
    size_t png_len = 0;
    CHECK(qr1405_render_png(OFFICIAL, 4, 0, 0, &png, &png_len, &error) == QR1405_STATUS_OK, "render png");
    CHECK(png && png_len > 100 && memcmp(png, "\x89PNG", 4) == 0, "png bytes");
    reading = NULL;
    CHECK(qr1405_read_image(reader, png, png_len, AT, &reading, &error) == QR1405_STATUS_OK, "read image");
    char *text_json = qr1405_reading_json(reading);
    CHECK(qr1405_reading_is_accept(reading), "drawn code accepted: %s", text_json);
    qr1405_string_free(text_json);
    qr1405_reading_free(reading);
    reading = NULL;
    CHECK(qr1405_read_image(reader, png, png_len / 2, AT, &reading, NULL) == QR1405_STATUS_OK, "truncated image");
    code = qr1405_reading_reason_code(reading, 0);
    CHECK(code && strcmp(code, "image-unreadable") == 0, "truncated: %s", code ? code : "(null)");
    qr1405_string_free(code);
    qr1405_reading_free(reading);
    qr1405_bytes_free(png, png_len);
    reading = NULL;
    CHECK(qr1405_read_image(reader, (const uint8_t *)"GIF89a", 6, AT, &reading, NULL) == QR1405_STATUS_OK, "not a picture");
    CHECK(!qr1405_reading_is_accept(reading), "not a picture refused");
    qr1405_reading_free(reading);
}

static void test_error_paths(Qr1405Reader *reader) {
    Qr1405Reading *reading = NULL;
    char *error = NULL;
    /* NULL handles and out-pointers. */
    CHECK(qr1405_read_text(NULL, (const uint8_t *)"A", 1, AT, &reading, &error) == QR1405_STATUS_NULL_ARGUMENT, "NULL reader");
    CHECK(error && strstr(error, "reader"), "message names the reader: %s", error ? error : "(null)");
    qr1405_string_free(error);
    error = NULL;
    CHECK(qr1405_read_text(reader, (const uint8_t *)"A", 1, AT, NULL, &error) == QR1405_STATUS_NULL_ARGUMENT, "NULL out");
    qr1405_string_free(error);
    error = NULL;
    CHECK(qr1405_read_text(reader, NULL, 5, AT, &reading, &error) == QR1405_STATUS_NULL_ARGUMENT, "NULL text with a length");
    qr1405_string_free(error);
    CHECK(qr1405_read_image(NULL, NULL, 0, AT, &reading, NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL reader, image");
    CHECK(qr1405_read_image(reader, NULL, 3, AT, &reading, NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL image");
    CHECK(qr1405_read_image(reader, (const uint8_t *)"x", 1, AT, NULL, NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL out, image");
    /* A clock out of range. */
    error = NULL;
    CHECK(qr1405_read_text(reader, (const uint8_t *)"A", 1, -1, &reading, &error) == QR1405_STATUS_INVALID_ARGUMENT, "clock before 1970");
    CHECK(error && strstr(error, "clock"), "clock message: %s", error ? error : "(null)");
    qr1405_string_free(error);
    CHECK(qr1405_read_image(reader, (const uint8_t *)"A", 1, INT64_MAX, &reading, NULL) == QR1405_STATUS_INVALID_ARGUMENT, "clock after 9999");

    /* Readers: bad lists and keys, NULLs, invalid UTF-8. */
    Qr1405Reader *made = NULL;
    error = NULL;
    CHECK(qr1405_reader_new("{}", "not a key", &made, &error) == QR1405_STATUS_INVALID_ARGUMENT && made == NULL, "bad key");
    CHECK(error && strstr(error, "root public key"), "key message: %s", error ? error : "(null)");
    qr1405_string_free(error);
    error = NULL;
    CHECK(qr1405_reader_new("{}", "PesM3W2IKpZXWnFcqbPkjrW3ikFWVjl7g3-X-4DAo90", &made, &error) == QR1405_STATUS_INVALID_ARGUMENT, "bad list");
    CHECK(error && strstr(error, "trust list"), "list message: %s", error ? error : "(null)");
    qr1405_string_free(error);
    CHECK(qr1405_reader_new(NULL, "k", &made, NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL list");
    CHECK(qr1405_reader_new("{}", NULL, &made, NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL key");
    CHECK(qr1405_reader_new("{}", "k", NULL, NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL out reader");
    error = NULL;
    CHECK(qr1405_reader_new("{\"a\": \"\xc3\x28\"}", "k", &made, &error) == QR1405_STATUS_INVALID_UTF8, "list not utf-8");
    CHECK(error && strstr(error, "utf-8"), "utf-8 message: %s", error ? error : "(null)");
    qr1405_string_free(error);
    CHECK(qr1405_reader_new_without_trust_list(NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL out, no list");
    CHECK(qr1405_reader_set_policy(NULL, true, true, false) == QR1405_STATUS_NULL_ARGUMENT, "NULL policy reader");

    /* Accessors and frees take NULL. */
    CHECK(!qr1405_reading_is_accept(NULL), "NULL reading");
    CHECK(qr1405_reading_kind(NULL) == NULL, "NULL kind");
    CHECK(qr1405_reading_json(NULL) == NULL, "NULL json");
    CHECK(qr1405_reading_field(NULL, "full_name") == NULL, "NULL field");
    CHECK(qr1405_reading_signature(NULL) == NULL, "NULL signature");
    CHECK(qr1405_reading_issuer(NULL) == NULL, "NULL issuer");
    CHECK(qr1405_reading_reason_count(NULL) == 0, "NULL reasons");
    CHECK(qr1405_reading_reason_code(NULL, 0) == NULL, "NULL reason code");
    CHECK(qr1405_reading_reason_message(NULL, 0) == NULL, "NULL reason message");
    qr1405_reading_free(NULL);
    qr1405_reader_free(NULL);
    qr1405_string_free(NULL);
    qr1405_bytes_free(NULL, 0);

    /* The display side's errors. */
    char *full = NULL, *masked = NULL, *svg = NULL;
    uint8_t *png = NULL;
    size_t png_len = 0;
    error = NULL;
    CHECK(qr1405_display_codes("[]", &full, &masked, &error) == QR1405_STATUS_INVALID_ARGUMENT, "array record");
    CHECK(error && strstr(error, "record"), "record message: %s", error ? error : "(null)");
    qr1405_string_free(error);
    CHECK(qr1405_display_codes(NULL, &full, &masked, NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL record");
    CHECK(qr1405_display_codes("{}", NULL, &masked, NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL full");
    CHECK(qr1405_display_codes("{}", &full, NULL, NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL masked");
    CHECK(qr1405_display_codes("\xff", &full, &masked, NULL) == QR1405_STATUS_INVALID_UTF8, "record not utf-8");
    error = NULL;
    CHECK(qr1405_render_png("", 4, 0, 0, &png, &png_len, &error) == QR1405_STATUS_INVALID_ARGUMENT, "empty text");
    CHECK(error && strstr(error, "empty"), "empty message: %s", error ? error : "(null)");
    qr1405_string_free(error);
    CHECK(qr1405_render_png("A", 0, 5000, 300, &png, &png_len, NULL) == QR1405_STATUS_INVALID_ARGUMENT, "size out of range");
    CHECK(qr1405_render_png(NULL, 4, 0, 0, &png, &png_len, NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL text, png");
    CHECK(qr1405_render_png("A", 4, 0, 0, NULL, &png_len, NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL png");
    CHECK(qr1405_render_png("A", 4, 0, 0, &png, NULL, NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL png_len");
    CHECK(qr1405_render_png("\xff", 4, 0, 0, &png, &png_len, NULL) == QR1405_STATUS_INVALID_UTF8, "text not utf-8");
    size_t long_len = 4000;
    char *too_long = malloc(long_len + 1);
    memset(too_long, 'a', long_len);
    too_long[long_len] = '\0';
    error = NULL;
    CHECK(qr1405_render_svg(too_long, 4, 0, 0, &svg, &error) == QR1405_STATUS_INVALID_ARGUMENT, "too long to draw");
    CHECK(error && strstr(error, "do not fit"), "too long message: %s", error ? error : "(null)");
    qr1405_string_free(error);
    free(too_long);
    CHECK(qr1405_render_svg("A", 4, 0, 0, NULL, NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL svg");
    CHECK(qr1405_render_svg(NULL, 4, 0, 0, &svg, NULL) == QR1405_STATUS_NULL_ARGUMENT, "NULL text, svg");
}

static void test_display_and_policy(void) {
    char *full = NULL, *masked = NULL, *error = NULL;
    const char *record = "{\"document_number\": \"001087029317\", \"full_name\": \"Nguy\xe1\xbb\x85n L\xc3\xaa Kh\xe1\xba\xa3 H\xc3\xa2n\","
                         " \"birth_date\": \"1987-01-18\", \"qid\": \"162979388586171100\"}";
    CHECK(qr1405_display_codes(record, &full, &masked, &error) == QR1405_STATUS_OK, "codes: %s", error ? error : "");
    CHECK(full && strcmp(full, "001087029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|") == 0, "full %s", full);
    CHECK(masked && strcmp(masked, "******029317|NGUYEN LE KHA HAN|1987-**-**|0|162979388586171100|") == 0, "masked %s", masked);
    char *svg = NULL;
    CHECK(qr1405_render_svg(masked, 0, 50.0, 300, &svg, NULL) == QR1405_STATUS_OK, "svg");
    CHECK(svg && strstr(svg, "<svg"), "svg text");
    qr1405_string_free(svg);
    qr1405_string_free(full);
    qr1405_string_free(masked);

    Qr1405Reader *reader = NULL;
    CHECK(qr1405_reader_new_without_trust_list(&reader) == QR1405_STATUS_OK, "reader without list");
    CHECK(qr1405_reader_set_policy(reader, false, true, false) == QR1405_STATUS_OK, "policy");
    Qr1405Reading *reading = NULL;
    CHECK(qr1405_read_text(reader, (const uint8_t *)OFFICIAL, strlen(OFFICIAL), AT, &reading, NULL) == QR1405_STATUS_OK, "read");
    char *code = qr1405_reading_reason_code(reading, 0);
    CHECK(code && strcmp(code, "unsigned") == 0, "unsigned refused: %s", code ? code : "(null)");
    qr1405_string_free(code);
    qr1405_reading_free(reading);
    qr1405_reader_free(reader);
    CHECK(strlen(qr1405_version()) > 0, "version");
}

static int from_hex(char c) {
    return c >= 'a' ? c - 'a' + 10 : c - '0';
}

/* Reads every golden case through the C ABI and compares the JSON byte for byte. */
static void test_golden(Qr1405Reader *reader, const char *root) {
    char *path = path_in(root, "bindings/golden/reader-cases.tsv");
    char *file = slurp(path, NULL);
    int cases = 0;
    char *save = NULL;
    for (char *line = strtok_r(file, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#') continue;
        char *id = line;
        char *kind = strchr(id, '\t');
        char *input = kind ? strchr(kind + 1, '\t') : NULL;
        char *at = input ? strchr(input + 1, '\t') : NULL;
        char *expected = at ? strchr(at + 1, '\t') : NULL;
        if (!expected) {
            CHECK(0, "malformed golden line: %.60s", line);
            continue;
        }
        *kind++ = *input++ = *at++ = *expected++ = '\0';
        int64_t seconds = strtoll(at, NULL, 10);
        Qr1405Reading *reading = NULL;
        Qr1405Status status;
        if (strcmp(kind, "text") == 0) {
            size_t n = strlen(input) / 2;
            uint8_t *text = malloc(n + 1);
            for (size_t i = 0; i < n; i++) text[i] = (uint8_t)(from_hex(input[2 * i]) << 4 | from_hex(input[2 * i + 1]));
            status = qr1405_read_text(reader, text, n, seconds, &reading, NULL);
            free(text);
        } else {
            char *image_path = path_in(root, input);
            size_t n = 0;
            char *image = slurp(image_path, &n);
            status = qr1405_read_image(reader, (const uint8_t *)image, n, seconds, &reading, NULL);
            free(image);
            free(image_path);
        }
        char *json = qr1405_reading_json(reading);
        CHECK(status == QR1405_STATUS_OK && json && strcmp(json, expected) == 0,
              "golden case %s (%s): expected\n  %s\ngot\n  %s", id, kind, expected, json ? json : "(null)");
        qr1405_string_free(json);
        qr1405_reading_free(reading);
        cases++;
    }
    CHECK(cases >= 200, "only %d golden cases", cases);
    printf("golden: %d cases\n", cases);
    free(file);
    free(path);
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    Qr1405Reader *reader = bundled_reader(root);
    test_reading_calls(reader);
    test_error_paths(reader);
    test_display_and_policy();
    test_golden(reader, root);
    qr1405_reader_free(reader);
    printf("%d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
